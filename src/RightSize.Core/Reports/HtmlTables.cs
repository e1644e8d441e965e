using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Stopping;

namespace RightSize.Reports;

/// <summary>The report's two tables: the ranked recommendations and every test (step) with how it ended.</summary>
internal static class HtmlTables
{
    private static readonly string[] RecommendationHeaders =
    [
        "Rank", "Endpoint configuration", "Initial instance count", "MaxInvocations /min (all instances)",
        "MaxInvocations /min per instance", "ModelLatency", "CostPerHour", "CostPerInference",
        "CPU utilization", "Memory utilization", "ModelSetupTime", "Limited by", "Caveats",
    ];

    private static readonly string[] StepHeaders =
    [
        "Test", "Endpoint configuration", "Status", "Stop reason", "Failure reason", "Caveats and notes", "Invocations started",
        "Invocations ended", "Peak window (per min)",
    ];

    /// <summary>The recommendations in describe.json's order, with the numbers describe.json reports.</summary>
    internal static void WriteRecommendations(TextWriter w, JobSnapshot job)
    {
        if (job.Recommendations.Count == 0)
        {
            w.Write("<p class=\"muted\">No test completed, so there is no recommendation. The tests table says why each ended.</p>");
            return;
        }

        var percentile = job.Plan.Policy.ReportedPercentile;
        WriteTable(w, "recommendations", RecommendationHeaders, job.Recommendations.Select((recommendation, i) =>
        {
            var test = job.TestOf(recommendation);
            var m = recommendation.Metrics!;
            return new[]
            {
                Num(ReportFormat.Integer(i + 1)),
                Text(Configuration(test)),
                Num(recommendation.EndpointConfiguration.InitialInstanceCount is { } count ? ReportFormat.Integer(count) : ReportFormat.NotAvailable),
                Num(ReportFormat.Integer(m.MaxInvocations ?? 0)),
                Num(ReportFormat.Integer(test.Metrics!.PerInstanceMaxInvocations)),
                Num($"{percentile} {ReportFormat.Milliseconds((m.ModelLatency ?? 0) / 1000.0)}"),
                Num(m.CostPerHour is double.NaN ? ReportFormat.NotAvailable : ReportFormat.Number(m.CostPerHour ?? 0, 4)),
                Num(ReportFormat.Scientific(m.CostPerInference ?? 0)),
                Num(ReportFormat.Percent(m.CpuUtilization ?? double.NaN)),
                Num(ReportFormat.Percent(m.MemoryUtilization ?? double.NaN)),
                Num(ReportFormat.Seconds(m.ModelSetupTime is { } setup ? TimeSpan.FromMicroseconds(setup) : null)),
                Text(ReportFormat.Html(LimitingFactor.Describe(test.Metrics, test.Plan.Resources, test.StopReason, test.Caveats))),
                Text(string.Join(" ", test.Caveats.Where(c => c.QualifiesNumbers).Select(c => c.KindName).Distinct().Select(CaveatBadge))),
            };
        }));
        w.Write($"<p class=\"muted\">{ReportFormat.Html(RankingExplanation.Weights(job.Plan.Weights))}</p>");
    }

    internal static void WriteSteps(TextWriter w, JobSnapshot job) =>
        WriteTable(w, "steps", StepHeaders, job.Tests.Select(test => new[]
        {
            Num(ReportFormat.Integer(test.Plan.Index)),
            Text(Configuration(test)),
            Text(StatusBadge(test.Status)),
            Text(ReportFormat.Html(test.StopReason?.Describe() ?? "")),
            Text(ReportFormat.Html(test.FailureReason ?? test.Plan.PlanningFailure ?? "")),
            Text(test.Caveats.Count == 0 ? "" : "<ul>" + string.Concat(test.Caveats.Select(CaveatItem)) + "</ul>"),
            Text(ReportFormat.Time(test.InvocationStartTime)),
            Text(ReportFormat.Time(test.InvocationEndTime)),
            Num(test.Metrics is { } m ? ReportFormat.Number(m.PeakWindow.InvocationsPerMinute, 1) : ReportFormat.NotAvailable),
        }));

    // A caveat names its kind (a badge) before its detail; a note is only its detail.
    private static string CaveatItem(Caveat c) =>
        c.QualifiesNumbers ? $"<li>{CaveatBadge(c.KindName)} {ReportFormat.Html(c.Detail)}</li>" : $"<li class=\"muted\">{ReportFormat.Html(c.Detail)}</li>";

    private static string CaveatBadge(string kind) => $"<span class=\"caveat\">{ReportFormat.Html(kind)}</span>";

    internal static string StatusBadge(RecommendationStatus status) =>
        $"<span class=\"status status-{status.Name().ToLowerInvariant()}\">{status.Name()}</span>";

    // Instance type or serverless settings, then the environment parameters and the endpoint's name.
    private static string Configuration(TestSnapshot test)
    {
        var html = $"<code>{ReportFormat.Html(ReportFormat.EndpointLabel(test.Plan.Configuration))}</code>";
        if (test.Plan.EnvironmentParameters.Count > 0)
        {
            html += $"<div class=\"env\">{ReportFormat.Html(ReportFormat.Environment(test.Plan.EnvironmentParameters))}</div>";
        }

        return html + $"<div class=\"muted\">{ReportFormat.Html(test.Plan.EndpointName)}</div>";
    }

    // Cells arrive as finished <td> elements; the wrapper scrolls sideways on narrow screens instead of overflowing the page.
    private static void WriteTable(TextWriter w, string id, string[] headers, IEnumerable<string[]> rows)
    {
        w.Write($"<div class=\"table-wrap\"><table id=\"{id}-table\"><thead><tr>");
        foreach (var header in headers)
        {
            w.Write($"<th>{ReportFormat.Html(header)}</th>");
        }

        w.Write("</tr></thead><tbody>");
        foreach (var cells in rows)
        {
            w.Write($"<tr>{string.Concat(cells)}</tr>");
        }

        w.Write("</tbody></table></div>");
    }

    private static string Num(string text) => $"<td class=\"num\">{ReportFormat.Html(text)}</td>";

    private static string Text(string html) => $"<td>{html}</td>";
}
