using System.Diagnostics;
using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands;

[Collection(TimingSensitive.Name)]
public sealed class LoadAndCatalogCommandTests
{
    [Fact]
    public async Task Load_json_reports_the_documented_fields_against_a_real_server()
    {
        await using var server = await ModelServerProcess.StartAsync("--synthetic", "--slots", "4", "--service-time-ms", "5");
        using var cli = new CliRun();
        var body = cli.Write("row.csv", "1,2,3");

        var started = Stopwatch.GetTimestamp();
        var exit = await cli.RunAsync("load", server.InvocationsUrl, "-c", "4", "-d", "2s", "--body-file", body, "--json");
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;

        Assert.True(exit == 0, cli.Text);
        using var json = JsonDocument.Parse(cli.Out.ToString());
        var root = json.RootElement;
        Assert.Equal("socket", root.GetProperty("client").GetString());
        Assert.Equal(0, root.GetProperty("errors").GetInt64());
        Assert.InRange(root.GetProperty("duration_s").GetDouble(), 1.9, wall);
        AssertConnectionsKeptBusy(root, connections: 4);
        var latency = root.GetProperty("latency_ms");
        foreach (var p in new[] { "p50", "p90", "p95", "p99", "p999", "max" })
        {
            Assert.True(latency.GetProperty(p).GetDouble() >= 4.5, $"{p} below the 5 ms service time");
        }
    }

    /// <summary>
    /// A closed loop keeps each connection busy: none waits longer than the slowest request between two, so each did at
    /// least duration / max latency requests, less the one the end cut off. Counts, not a rate: a busy host that stalls
    /// the server lengthens the slowest request and lowers the bound with it. The rate is the count over the duration.
    /// </summary>
    private static void AssertConnectionsKeptBusy(JsonElement root, int connections)
    {
        var requests = root.GetProperty("requests").GetInt64();
        var duration = root.GetProperty("duration_s").GetDouble();
        var slowestMs = root.GetProperty("latency_ms").GetProperty("max").GetDouble();
        var floor = connections * Math.Max(1, Math.Floor(duration * 1000 / slowestMs) - 1);
        Assert.True(requests >= floor, $"{requests} requests in {duration} s on {connections} connections, the slowest {slowestMs} ms: at least {floor} expected");
        Assert.Equal(requests / duration, root.GetProperty("rps").GetDouble(), (0.01 * requests / duration) + 0.5);
    }

    [Fact]
    public async Task Load_rejects_a_bad_duration_and_url_with_exit_2()
    {
        using var cli = new CliRun();

        var exit = await cli.RunAsync("load", "not-a-url", "-d", "ten");

        Assert.Equal(2, exit);
        Assert.Contains("--duration", cli.Text);
        Assert.Contains("not-a-url", cli.Text);
    }

    [Fact]
    public async Task Load_through_httpclient_on_request_and_socket_refused_for_https()
    {
        await using var server = await ModelServerProcess.StartAsync("--synthetic", "--slots", "4", "--service-time-ms", "1");
        using var cli = new CliRun();

        var exit = await cli.RunAsync("load", server.InvocationsUrl, "-c", "2", "-d", "1s", "--client", "httpclient", "--json");

        Assert.True(exit == 0, cli.Text);
        using (var json = JsonDocument.Parse(cli.Out.ToString()))
        {
            Assert.Equal("httpclient", json.RootElement.GetProperty("client").GetString());
            AssertConnectionsKeptBusy(json.RootElement, connections: 2);
        }

        using var https = new CliRun();
        Assert.Equal(2, await https.RunAsync("load", "https://127.0.0.1:1/invocations", "--client", "socket"));
        Assert.Contains("--client httpclient", https.Text);
    }

    [Fact]
    public async Task Instance_types_says_which_types_fit_beside_the_generators_core_and_which_need_an_accelerator()
    {
        using var cli = new CliRun();

        var exit = await cli.RunAsync("instance-types");

        Assert.True(exit == 0, cli.Text);
        var text = cli.Text.ReplaceLineEndings(" ");
        var cores = Environment.ProcessorCount;
        Assert.Contains($"{cores - 1} of this host's {cores} cores (1 kept for the load generator)", text, StringComparison.Ordinal);
        var fit = text[text.IndexOf("Fit this host:", StringComparison.Ordinal)..text.IndexOf("Too large here", StringComparison.Ordinal)];
        var large = text[text.IndexOf("Too large here", StringComparison.Ordinal)..text.IndexOf("Accelerator types without", StringComparison.Ordinal)];
        Assert.Contains("local.cpu1", fit, StringComparison.Ordinal);
        if (cores - 1 < 8)
        {
            Assert.Contains("local.cpu8", large, StringComparison.Ordinal);
        }
        if (!File.Exists("/usr/bin/nvidia-smi"))
        {
            Assert.Contains("ml.g4dn.xlarge", text[text.IndexOf("Accelerator types without", StringComparison.Ordinal)..], StringComparison.Ordinal);
        }

        Assert.DoesNotContain("ml.g4dn.xlarge", fit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instance_types_shows_each_price_with_whether_it_is_verified_its_source_and_date()
    {
        using var cli = new CliRun();

        Assert.Equal(0, await cli.RunAsync("instance-types"));

        var lines = cli.Text.Split('\n');
        Assert.Matches(@"0\.2040\W+yes\W+AWS", lines.First(l => l.Contains("ml.c5.xlarge ", StringComparison.Ordinal)));
        Assert.Matches(@"0\.3020\W+no\W+r5", lines.First(l => l.Contains("ml.r5.xlarge ", StringComparison.Ordinal)));
        Assert.Contains("2026-12-01", cli.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instance_types_json_lists_the_catalog_with_workspace_overrides()
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", """{ "InstanceTypes": [ { "InstanceType": "local.big", "VCpus": 16, "MemoryGiB": 64, "Gpus": 0, "PricePerHour": 1.5 } ] }""");

        var exit = await cli.RunAsync("instance-types", "--json");

        Assert.True(exit == 0, cli.Text);
        using var json = JsonDocument.Parse(cli.Out.ToString());
        var types = json.RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("InstanceType").GetString()!);
        Assert.Equal(0.204, types["ml.c5.xlarge"].GetProperty("PricePerHour").GetDouble());
        Assert.Equal(2, types["local.cpu2"].GetProperty("VCpus").GetDouble());
        Assert.Equal(1.5, types["local.big"].GetProperty("PricePerHour").GetDouble());
    }
}
