using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Reports;

namespace RightSize.Core.Tests.Reports;

public sealed class MetricsCsvTests
{
    private static readonly string[] Columns =
    [
        "job_name", "test_index", "endpoint_name", "instance_type", "environment_parameters",
        "window_end_s", "window_length_s", "full", "users", "mean_users", "invocations", "invocations_per_minute",
        "client_errors", "server_errors", "timeouts", "connection_errors", "error_rate",
        "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms",
        "cpu_utilization", "memory_utilization", "is_peak", "host_bound", "caveats",
    ];

    [Fact]
    public void Has_a_header_and_one_row_per_window_of_every_test()
    {
        var job = ReportFixture.Job();
        var rows = Parse(Render(job));

        Assert.Equal(Columns, rows[0]);
        Assert.All(rows, r => Assert.Equal(Columns.Length, r.Length));
        Assert.Equal(job.Tests.Sum(t => t.Windows.Count), rows.Count - 1);
        Assert.Equal([240, 540, 45], job.Tests.Where(t => t.Windows.Count > 0).Select(t => Records(rows, t.Plan.Index).Count));
        Assert.Empty(Records(rows, 3));
    }

    [Fact]
    public void Marks_exactly_one_peak_window_per_completed_test_and_none_for_a_failed_one()
    {
        var job = ReportFixture.Job();
        var rows = Parse(Render(job));

        foreach (var test in job.Tests.Where(t => t.Status == RecommendationStatus.Completed))
        {
            var peak = Assert.Single(Records(rows, test.Plan.Index), r => Field(r, "is_peak") == "true");
            Assert.Equal(test.Metrics!.PeakWindow.EndSecond.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(peak, "window_end_s"));
        }

        Assert.DoesNotContain(Records(rows, 2), r => Field(r, "is_peak") == "true");
    }

    [Fact]
    public void Marks_host_bound_windows_and_lists_each_tests_caveat_kinds_but_not_its_notes()
    {
        var job = ReportFixture.Job();
        var rows = Parse(Render(job));

        var busy = Records(rows, 1);
        Assert.All(busy, r => Assert.Equal("host-bound", Field(r, "caveats")));
        Assert.Equal(
            busy.Select(r => int.Parse(Field(r, "window_end_s"), System.Globalization.CultureInfo.InvariantCulture) > ReportFixture.HostBoundFrom ? "true" : "false"),
            busy.Select(r => Field(r, "host_bound")));
        Assert.All(Records(rows, 2), r => Assert.Equal("emulated", Field(r, "caveats")));

        // Test 0's windows were not watched: neither true nor false.
        Assert.All(Records(rows, 0), r => Assert.Equal(("", ""), (Field(r, "host_bound"), Field(r, "caveats"))));
    }

    [Fact]
    public void Writes_the_peak_window_of_the_worked_example_with_its_values()
    {
        var rows = Parse(Render(ReportFixture.Job()));

        var peak = Records(rows, 0).Single(r => Field(r, "is_peak") == "true");
        Assert.Equal("xgb-sizing", Field(peak, "job_name"));
        Assert.Equal("xgb-sizing-0", Field(peak, "endpoint_name"));
        Assert.Equal("ml.m5.large", Field(peak, "instance_type"));
        Assert.Equal("240", Field(peak, "window_end_s"));
        Assert.Equal("60", Field(peak, "window_length_s"));
        Assert.Equal("true", Field(peak, "full"));
        Assert.Equal("4", Field(peak, "users"));
        Assert.Equal("4", Field(peak, "mean_users"));
        Assert.Equal("371", Field(peak, "invocations"));
        Assert.Equal("371", Field(peak, "invocations_per_minute"));
        Assert.Equal("0", Field(peak, "error_rate"));
        Assert.Equal("", Field(peak, "cpu_utilization"));
        Assert.Equal("", Field(peak, "memory_utilization"));
        var p95 = double.Parse(Field(peak, "p95_ms"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(p95, 32, 48);
        Assert.True(Field(peak, "p95_ms").Split('.').ElementAtOrDefault(1) is null or { Length: <= 3 });
    }

    [Fact]
    public void Quotes_fields_with_commas_and_shows_partial_windows_and_measured_resources()
    {
        var text = Render(ReportFixture.Job());
        var rows = Parse(text);

        var first = Records(rows, 1)[0];
        Assert.Equal("OMP_NUM_THREADS=2,4", Field(first, "environment_parameters"));
        Assert.Contains("\"OMP_NUM_THREADS=2,4\"", text, StringComparison.Ordinal);
        Assert.Equal("1", Field(first, "window_length_s"));
        Assert.Equal("false", Field(first, "full"));
        Assert.Equal("152.5", Field(first, "cpu_utilization"));
        Assert.Equal("41.25", Field(first, "memory_utilization"));
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_without_windows_has_only_the_header()
    {
        var job = new JobRecord(ReportFixture.Job().Plan, ReportFixture.Created);

        var rows = Parse(Render(job));

        Assert.Equal(Columns, Assert.Single(rows));
    }

    private static string Render(JobRecord job)
    {
        using var writer = new StringWriter();
        MetricsCsv.Write(job, writer);
        return writer.ToString();
    }

    private static List<string[]> Records(List<string[]> rows, int testIndex) =>
        [.. rows.Skip(1).Where(r => r[1] == testIndex.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string Field(string[] row, string column) => row[Array.IndexOf(Columns, column)];

    // A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes.
    private static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (!(text[i] == '"' && (i + 1 == text.Length || text[i + 1] != '"')))
                {
                    i += text[i] == '"' ? 1 : 0;
                    field.Append(text[i++]);
                }

                i++;
            }
            else if (text[i] == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (text[i] == '\r')
            {
                Assert.Equal('\n', text[i + 1]);
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i += 2;
            }
            else
            {
                field.Append(text[i++]);
            }
        }

        Assert.Empty(fields);
        return rows;
    }
}
