using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Telemetry;

[Collection(TimingSensitive.Name)]
public sealed partial class TelemetryExportTests
{
    [Fact]
    public async Task Serve_exports_job_test_and_invocation_metrics_over_otlp_and_the_same_instruments_at_metrics()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var folder = TestServer.NewFolder();
        using var serve = StartServe(folder, collector.Address);
        try
        {
            var url = await ReadAddressAsync(serve);
            using var api = new SageMakerHttp(url);
            var (status, body) = await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("otel-job", seconds: 3));
            Assert.True(status == HttpStatusCode.OK, body.ToString());
            await Poll.UntilAsync(async () => await api.StatusAsync("otel-job") is "COMPLETED" or "FAILED", TimeSpan.FromSeconds(120), "the job to end");
            Assert.Equal("COMPLETED", await api.StatusAsync("otel-job"));

            // Exports are cumulative: the job's counters stop growing once it has ended, so the last export has the totals.
            await Poll.UntilAsync(() => Task.FromResult(Last(collector, "rightsize.jobs", "COMPLETED") == 1), TimeSpan.FromSeconds(30), "an OTLP export after the job");
            var invocations = Last(collector, "rightsize.invocations");
            var latencies = Last(collector, "rightsize.invocation.latency");
            Assert.True(invocations > 10, $"{invocations} invocations exported");
            // The synthetic model never fails, so every invocation's latency is in the histogram.
            Assert.Equal(invocations, latencies);
            Assert.Equal(1, Last(collector, "rightsize.tests", "COMPLETED"));
            Assert.Contains(collector.MetricPoints, p => p.Metric == "rightsize.users" && p.Value > 0);
            Assert.Contains(collector.MetricPoints, p => p.Metric == "rightsize.tests.running");
            Assert.Contains(collector.MetricPoints, p => p.Metric == "rightsize.store.pending_writes");
            await Poll.UntilAsync(() => Task.FromResult(collector.TraceExports > 0), TimeSpan.FromSeconds(30), "an OTLP trace export");

            var text = await api.GetAsync("/metrics");
            Assert.Equal(invocations, Prometheus.Value(text, "rightsize_invocations_total"));
            Assert.Equal(latencies, Prometheus.Value(text, "rightsize_invocation_latency_milliseconds_count"));
            Assert.Equal(1, Prometheus.Value(text, "rightsize_jobs_total"));
            Assert.True(Prometheus.Value(text, "rightsize_store_pending_writes") >= 0);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            TestServer.DeleteFolder(folder);
        }
    }

    [Fact]
    public async Task Metrics_need_a_signature_when_keys_are_configured()
    {
        await using var server = await TestServer.StartAsync(keys: [new("AKIDTEST", "secret")]);
        using var http = new HttpClient();

        using var response = await http.GetAsync(server.Url + "/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static double Last(OtlpCollector collector, string metric, string? status = null) =>
        collector.MetricPoints
            .Where(p => p.Metric == metric && (status is null || p.Attributes.GetValueOrDefault("rightsize.status") == status))
            .Where(p => status is not null || p.Attributes.GetValueOrDefault("rightsize.job") == "otel-job")
            .Select(p => p.Value)
            .LastOrDefault();

    private static Process StartServe(string folder, string collector)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "rightsize"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var arg in (string[])["serve", "--urls", "http://127.0.0.1:0", "--relaxed-validation", "--data", Path.Combine(folder, "data")])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector;
        info.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        info.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        info.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "500";
        return Process.Start(info)!;
    }

    private static async Task<string> ReadAddressAsync(Process serve)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await serve.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                return match.Groups[1].Value.TrimEnd('/');
            }
        }

        throw new InvalidOperationException("rightsize serve did not start: " + await serve.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"listening on (http://[^ ,]+)")]
    private static partial Regex Listening();
}
