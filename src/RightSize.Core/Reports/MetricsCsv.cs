using RightSize.Orchestration;
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
        ArgumentNullException.ThrowIfNull(writer);
        var snapshot = JobSnapshot.Take(job);
        WriteRow(writer, Header);
        foreach (var test in snapshot.Tests)
        {
            // The per-test columns are the same on every row of the test.
            string[] prefix =
            [
                snapshot.Plan.JobName,
                ReportFormat.Integer(test.Plan.Index),
                test.Plan.EndpointName,
                ReportFormat.EndpointLabel(test.Plan.Configuration),
                ReportFormat.Environment(test.Plan.EnvironmentParameters),
            ];
            var caveats = string.Join(';', test.Caveats.Where(c => c.QualifiesNumbers).Select(c => c.KindName).Distinct());
            foreach (var window in test.Windows)
            {
                WriteRow(writer, [.. prefix, .. WindowFields(window, test.IsPeak(window)), caveats]);
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
