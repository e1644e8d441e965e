using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using RightSize.Cli.Tests.Endpoints;
using RightSize.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RightSize.Cli.Tests.Commands;

/// <summary>Issue #11: <c>run --log-level</c> logs a real job's events, structured, on standard error.</summary>
[Collection(TimingSensitive.Name)]
public sealed partial class RunLogTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_with_log_level_debug_logs_the_job_the_endpoint_process_every_window_and_the_outcome_on_stderr_only()
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", TestJobs.SyntheticWorkspace());
        var job = cli.Write("job.json", TestJobs.Stairs("log-run"));
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "rightsize"))
        {
            WorkingDirectory = cli.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "run", job, "--relaxed-validation", "--output", cli.PathOf("out"), "--log-level", "Debug" },
        };
        using var rightsize = Process.Start(info)!;
        var stdout = rightsize.StandardOutput.ReadToEndAsync();
        var stderr = rightsize.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await rightsize.WaitForExitAsync(timeout.Token);
        var (text, log) = (await stdout, await stderr);
        output.WriteLine(text);
        output.WriteLine(log);
        Assert.True(rightsize.ExitCode == 0, text + log);

        using var describe = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "describe.json")));
        var maxInvocations = describe.RootElement.GetProperty("InferenceRecommendations")[0].GetProperty("Metrics").GetProperty("MaxInvocations").GetInt64();
        var windows = File.ReadAllLines(cli.PathOf("out", "metrics.csv")).Length - 1;
        var lines = log.Split('\n');

        Assert.Single(lines, l => l.Contains("Job log-run started: 1 test(s), at most 1 at once", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("Test log-run-1 of job log-run: starting the endpoint (local.cpu1)", StringComparison.Ordinal));
        var started = Assert.Single(lines, l => l.Contains("Endpoint log-run-1: started builtin:synthetic as pid", StringComparison.Ordinal));
        var pid = int.Parse(ProcessId().Match(started).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(LocalEndpoints.IsRunning(pid), $"the logged endpoint pid {pid} still runs after the job");
        Assert.Single(lines, l => EndpointReady().IsMatch(l));
        Assert.Equal(windows, lines.Count(l => l.Contains("Test log-run-1: window ending at", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.Contains("Test log-run-1: load stopped after", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains($"Test log-run-1 ended COMPLETED (TrafficPatternCompleted); MaxInvocations {maxInvocations}/min", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("Job log-run ended COMPLETED after", StringComparison.Ordinal));

        // The log stays off stdout, which carries the progress and the summary.
        Assert.DoesNotContain("RightSize.Orchestration", text, StringComparison.Ordinal);
        Assert.Contains("job log-run: COMPLETED", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"as pid (\d+);")]
    private static partial Regex ProcessId();

    [GeneratedRegex(@"Test log-run-1: endpoint ready at http://127\.0\.0\.1:\d+/invocations after \d+\.\d\d s; load starts")]
    private static partial Regex EndpointReady();
}
