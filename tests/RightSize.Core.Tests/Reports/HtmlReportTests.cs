using System.Text.RegularExpressions;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Reports;
using RightSize.Results;

namespace RightSize.Core.Tests.Reports;

public sealed partial class HtmlReportTests
{
    [Fact]
    public void Shows_the_worked_example_numbers_in_the_recommendations_table()
    {
        var job = ReportFixture.Job();
        var latencyMs = job.Tests[0].Metrics!.ModelLatencyMicroseconds / 1000.0;

        var row = RecommendationRows(Render(job)).Single(r => r.Contains("ml.m5.large", StringComparison.Ordinal));

        Assert.Equal(
            ["2", "ml.m5.largexgb-sizing-0", "3", "1113", "371", FormattableString.Invariant($"P95 {latencyMs} ms"), "0.69", "1.0332e-05", "n/a", "n/a", "4.5 s", "not measured", ""],
            Cells(row).Select(Strip));
    }

    [Fact]
    public void Lists_recommendations_in_the_order_describe_ranks_them()
    {
        var job = ReportFixture.Job();
        var ranked = JobDescriber.Describe(job).InferenceRecommendations!.Select(r => r.EndpointConfiguration.InstanceType!).ToList();

        var rows = RecommendationRows(Render(job));

        // Cost weighs most: c5.xlarge's cheaper inferences outweigh m5.large's lower latency and slightly higher fleet rate.
        Assert.Equal(["ml.c5.xlarge", "ml.m5.large"], ranked);
        Assert.Equal(ranked, rows.Select(r => Strip(Cells(r)[1]).Split("xgb-sizing")[0].Replace("OMP_NUM_THREADS=2,4", "", StringComparison.Ordinal)));
        Assert.Contains("152.5 %", rows[0], StringComparison.Ordinal);
        Assert.Contains("41.3 %", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Draws_one_chart_group_per_measured_test_with_peak_and_dashed_targets()
    {
        var html = Render(ReportFixture.Job());

        Assert.Equal(3, Regex.Count(html, "<svg"));
        Assert.Equal(3 * 3, Regex.Count(html, "<g class=\"chart\""));
        Assert.Equal(2 * 3, Regex.Count(html, ">peak window</text>"));
        Assert.Equal(3, Regex.Count(html, "MaxInvocations target 1000/min"));
        Assert.Equal(3, Regex.Count(html, "P95 threshold 100 ms"));
        Assert.Contains(">P50<", html, StringComparison.Ordinal);
        Assert.Contains(">P99<", html, StringComparison.Ordinal);
        Assert.Contains("seconds since the test started", html, StringComparison.Ordinal);
        Assert.Contains("No window was measured in this test.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fetches_nothing_from_outside_the_file()
    {
        var html = Render(ReportFixture.Job());

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Encodes_user_text_and_shows_failures_stop_reasons_and_warnings()
    {
        var html = Render(ReportFixture.Job());

        Assert.Contains("Nightly sizing &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more", html, StringComparison.Ordinal);
        Assert.Contains("the endpoint exited with code 137 &lt;out of memory&gt;; give it more memory", html, StringComparison.Ordinal);
        Assert.Contains("fewer than ml.t2.medium&#39;s 2 vCPUs &amp; 4 GiB", html, StringComparison.Ordinal);
        Assert.Contains("the endpoint failed", html, StringComparison.Ordinal);
        Assert.Contains("the latency percentile exceeded StoppingConditions.ModelLatencyThresholds", html, StringComparison.Ordinal);
        Assert.Contains("not started: the job reached JobDurationInSeconds", html, StringComparison.Ordinal);
        Assert.Contains("closed-loop", html, StringComparison.Ordinal);
        Assert.Contains("STAIRS: 5 steps of 120 s", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_each_caveat_with_its_kind_beside_the_recommendation_it_qualifies_and_notes_without_one()
    {
        var html = Render(ReportFixture.Job());

        var rows = RecommendationRows(html);
        Assert.Equal("host-bound", Strip(Cells(Assert.Single(rows, r => r.Contains("ml.c5.xlarge", StringComparison.Ordinal)))[^1]));
        Assert.Equal("", Strip(Cells(Assert.Single(rows, r => r.Contains("ml.m5.large", StringComparison.Ordinal)))[^1]));
        Assert.Contains($"<span class=\"caveat\">host-bound</span> {ReportFixture.HostBoundDetail}", html, StringComparison.Ordinal);
        Assert.Contains("<li class=\"muted\">limits enforced by cgroup v2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<span class=\"caveat\">note</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_the_job_failure_reason_and_says_when_there_is_no_recommendation()
    {
        var job = new JobRecord(ReportFixture.Job().Plan, ReportFixture.Created)
        {
            Status = RecommendationStatus.Failed,
            FailureReason = "no test completed: <all> failed",
        };

        var html = Render(job);

        Assert.Contains("no test completed: &lt;all&gt; failed", html, StringComparison.Ordinal);
        Assert.Contains("there is no recommendation", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_an_example_report_where_asked()
    {
        var html = Render(ReportFixture.Job());
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);

        // Set RIGHTSIZE_REPORT_EXAMPLE=/tmp/report-example.html to look at the report in a browser.
        if (Environment.GetEnvironmentVariable("RIGHTSIZE_REPORT_EXAMPLE") is { Length: > 0 } path)
        {
            File.WriteAllText(path, html);
        }
    }

    private static string Render(JobRecord job)
    {
        using var writer = new StringWriter();
        HtmlReport.Write(job, writer);
        return writer.ToString();
    }

    private static List<string> RecommendationRows(string html)
    {
        var table = TableBody().Match(html[html.IndexOf("id=\"recommendations-table\"", StringComparison.Ordinal)..]).Groups[1].Value;
        return [.. Row().Matches(table).Select(m => m.Groups[1].Value)];
    }

    private static List<string> Cells(string row) => [.. Cell().Matches(row).Select(m => m.Groups[1].Value)];

    private static string Strip(string html) => Tag().Replace(html, "");

    [GeneratedRegex("<tbody>(.*?)</tbody>", RegexOptions.Singleline)]
    private static partial Regex TableBody();

    [GeneratedRegex("<tr>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
