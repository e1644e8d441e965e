using System.Globalization;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Stopping;
using Spectre.Console;

namespace RightSize.Cli.Live;

/// <summary>The live view of a job: one row per test with users, rate, latency, errors and why it stopped.</summary>
internal static class JobTable
{
    public static Table Render(JobRecord job)
    {
        lock (job.Sync)
        {
            var table = new Table()
                .Title($"[bold]{Markup.Escape(job.Plan.JobName)}[/] {job.Status.Name()}")
                .AddColumns("Test", "Configuration", "Status", "Users", "Inv/min", "p50 ms", "p95 ms", "p99 ms", "Errors", "Stop reason");
            foreach (var test in job.Tests)
            {
                var w = test.LatestWindow;
                table.AddRow(
                    Markup.Escape(test.Plan.EndpointName),
                    Markup.Escape(Configuration(test.Plan)),
                    StatusMarkup(test.Status),
                    test.CurrentUsers.ToString(CultureInfo.InvariantCulture),
                    w is null ? "-" : w.InvocationsPerMinute.ToString("N0", CultureInfo.InvariantCulture),
                    Ms(w?.P50Ms),
                    Ms(w?.P95Ms),
                    Ms(w?.P99Ms),
                    w is null ? "-" : w.Failures.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(test.StopReason?.Describe() ?? string.Empty));
            }

            return table;
        }
    }

    public static string Configuration(TestPlan plan)
    {
        var config = plan.Configuration.ServerlessConfig is { } s
            ? $"serverless {s.MemorySizeInMB} MB x{s.MaxConcurrency}"
            : plan.Configuration.InstanceType ?? "?";
        return plan.EnvironmentParameters.Count == 0
            ? config
            : config + " " + string.Join(' ', plan.EnvironmentParameters.Select(p => $"{p.Key}={p.Value}"));
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string StatusMarkup(RecommendationStatus status) => status switch
    {
        RecommendationStatus.Completed => "[green]COMPLETED[/]",
        RecommendationStatus.Failed => "[red]FAILED[/]",
        RecommendationStatus.InProgress => "[yellow]IN_PROGRESS[/]",
        _ => status.Name(),
    };
}
