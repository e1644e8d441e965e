using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Reports;

/// <summary>
/// Writes metrics.csv: one row per test per sliding window (RFC 4180: CRLF line ends, fields quoted when needed),
/// so the windows behind every stop and every recommendation can be re-plotted with any tool. <c>host_bound</c> marks
/// windows measured while other load saturated the host (empty where not watched); <c>caveats</c> lists the kinds of
/// the test's caveats (e.g. <c>accelerator-emulated;host-bound</c>), the same on every row of the test.
/// </summary>
public static class MetricsCsv
{
    private static readonly string[] Header =
    [
        "job_name", "test_index", "endpoint_name", "instance_type", "environment_parameters",
        "window_end_s", "window_length_s", "full", "users", "mean_users", "invocations", "invocations_per_minute",
        "client_errors", "server_errors", "timeouts", "connection_errors", "error_rate",
        "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms",
        "cpu_utilization", "memory_utilization", "is_peak", "host_bound", "caveats",
    ];

    public static void Write(JobRecord job, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(job);
        var snapshot = JobSnapshot.Take(job);
        Write(snapshot.Plan.JobName, snapshot.Tests.Select(test => new MetricsCsvTest(
            test.Plan.Index,
            test.Plan.EndpointName,
            ReportFormat.EndpointLabel(test.Plan.Configuration),
            ReportFormat.Environment(test.Plan.EnvironmentParameters),
            test.Caveats,
            test.Windows,
            test.Metrics?.PeakWindow.EndSecond)), writer);
    }

    /// <summary>The same file from a job's tests as a store keeps them, for jobs whose record is gone.</summary>
    public static void Write(string jobName, IEnumerable<MetricsCsvTest> tests, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(writer);
        WriteRow(writer, Header);
        foreach (var test in tests)
        {
            // The per-test columns are the same on every row of the test.
            string[] prefix = [jobName, ReportFormat.Integer(test.Index), test.EndpointName, test.Configuration, test.Environment];
            var caveats = string.Join(';', test.Caveats.Where(c => c.QualifiesNumbers).Select(c => c.KindName).Distinct());
            foreach (var window in test.Windows)
            {
                WriteRow(writer, [.. prefix, .. WindowFields(window, window.EndSecond == test.PeakWindowEndSecond), caveats]);
            }
        }
    }

    private static string[] WindowFields(WindowStats w, bool isPeak) =>
    [
        ReportFormat.Integer(w.EndSecond),
        ReportFormat.Integer(w.LengthSeconds),
        Bool(w.IsFull),
        ReportFormat.Integer(w.Users),
        ReportFormat.Number(w.MeanUsers, 3),
        ReportFormat.Integer(w.Invocations),
        ReportFormat.Number(w.InvocationsPerMinute, 3),
        ReportFormat.Integer(w.ClientErrors),
        ReportFormat.Integer(w.ServerErrors),
        ReportFormat.Integer(w.Timeouts),
        ReportFormat.Integer(w.ConnectionErrors),
        ReportFormat.Number(w.ErrorRate, 6),
        ReportFormat.Number(w.P50Ms, 3),
        ReportFormat.Number(w.P90Ms, 3),
        ReportFormat.Number(w.P95Ms, 3),
        ReportFormat.Number(w.P99Ms, 3),
        ReportFormat.Number(w.P999Ms, 3),
        ReportFormat.Number(w.MaxMs, 3),
        ReportFormat.Number(w.CpuUtilization, 2),
        ReportFormat.Number(w.MemoryUtilization, 2),
        Bool(isPeak),
        w.HostBound is { } hostBound ? Bool(hostBound) : string.Empty,
    ];

    private static string Bool(bool value) => value ? "true" : "false";

    private static void WriteRow(TextWriter writer, string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Escape(fields[i]));
        }

        writer.Write("\r\n");
    }

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// One test's rows of metrics.csv: its index, endpoint name, configuration label (the instance type, or
/// <c>serverless-MEMORYMB-CONCURRENCY</c>), environment parameters (<c>K=V;...</c>), caveats, windows and where its
/// peak window ends (null without a peak).
/// </summary>
public sealed record MetricsCsvTest(
    int Index, string EndpointName, string Configuration, string Environment, IReadOnlyList<Caveat> Caveats, IReadOnlyList<WindowStats> Windows, int? PeakWindowEndSecond)
{
    /// <summary>The columns a ListInferenceRecommendationsJobSteps step holds, with the test's caveats, windows and peak.</summary>
    public static MetricsCsvTest FromStep(
        int index, InferenceRecommendationsJobStep step, IReadOnlyList<Caveat> caveats, IReadOnlyList<WindowStats> windows, int? peakWindowEndSecond)
    {
        ArgumentNullException.ThrowIfNull(step);
        var endpoint = step.InferenceBenchmark?.EndpointConfiguration;
        return new MetricsCsvTest(index, endpoint?.EndpointName ?? string.Empty, ReportFormat.EndpointLabel(endpoint?.InstanceType, endpoint?.ServerlessConfig),
            ReportFormat.Environment([.. step.InferenceBenchmark?.ModelConfiguration?.EnvironmentParameters ?? []]), caveats, windows, peakWindowEndSecond);
    }
}
