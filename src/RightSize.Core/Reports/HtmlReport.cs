using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Stopping;

namespace RightSize.Reports;

/// <summary>
/// Writes report.html: one self-contained file (inline CSS and server-drawn SVG, nothing fetched, no script needed)
/// with the job's setup, its ranked recommendations, every test and how it ended, and each test's windows over time.
/// </summary>
public static class HtmlReport
{
    private const string LatencyNote =
        "Latency percentiles are closed-loop: each virtual user sends its next request only after the previous response "
        + "arrived, and latency runs from sending a request to receiving the whole response. When the endpoint saturates, "
        + "closed-loop users slow down with it, so the rate flattens and latency rises less than it would for users "
        + "arriving independently (open loop). Percentiles cover successful invocations only.";

    public static void Write(JobRecord job, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(writer);
        var snapshot = JobSnapshot.Take(job);
        var name = ReportFormat.Html(snapshot.Plan.JobName);
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        writer.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writer.Write($"<title>RightSize report: {name}</title>\n<style>{ReportStyles.Css}</style>\n</head>\n<body>\n");
        WriteHeader(writer, snapshot);
        WriteSetup(writer, snapshot.Plan);
        writer.Write("<section id=\"recommendations\"><h2>Recommendations</h2>\n");
        writer.Write("<p class=\"muted\">Ranked as describe.json ranks them. Rates are invocations per minute; "
            + "MaxInvocations covers all instances (per instance x initial instance count); costs are in the catalog's currency.</p>\n");
        HtmlTables.WriteRecommendations(writer, snapshot);
        writer.Write("</section>\n<section id=\"tests\"><h2>Tests</h2>\n");
        HtmlTables.WriteSteps(writer, snapshot);
        writer.Write("</section>\n");
        WriteCharts(writer, snapshot);
        writer.Write($"<footer class=\"muted\"><p>RightSize report of {name}, as of {ReportFormat.Time(snapshot.LastModifiedTime)}. ");
        writer.Write("metrics.csv holds every window behind these charts.</p></footer>\n</body>\n</html>\n");
    }

    private static void WriteHeader(TextWriter w, JobSnapshot job)
    {
        var request = job.Plan.Request;
        w.Write($"<header>\n<h1>Inference recommendations: {ReportFormat.Html(job.Plan.JobName)}</h1>\n");
        if (!string.IsNullOrEmpty(request.JobDescription))
        {
            w.Write($"<p class=\"description\">{ReportFormat.Html(request.JobDescription)}</p>\n");
        }

        if (job.FailureReason is not null)
        {
            w.Write($"<p class=\"failure\"><strong>Failure reason:</strong> {ReportFormat.Html(job.FailureReason)}</p>\n");
        }

        w.Write("<dl class=\"facts\">");
        Fact(w, "Status", HtmlTables.StatusBadge(job.Status));
        Fact(w, "Job type", ReportFormat.Html(request.JobType));
        Fact(w, "Job ARN", $"<code>{ReportFormat.Html(job.Plan.JobArn)}</code>");
        Fact(w, "Model", ReportFormat.Html(request.InputConfig switch
        {
            { ModelName: { } model } => model,
            { Endpoints: [{ EndpointName: { } endpoint }, ..] } => $"existing endpoint {endpoint}",
            _ => "-",
        }));
        Fact(w, "Created", ReportFormat.Time(job.CreationTime));
        Fact(w, "Completed", ReportFormat.Time(job.CompletionTime));
        Fact(w, "Last modified", ReportFormat.Time(job.LastModifiedTime));
        Fact(w, "Tests", ReportFormat.Html(TestCounts(job)));
        w.Write("</dl>\n</header>\n");
    }

    private static void WriteSetup(TextWriter w, JobPlan plan)
    {
        w.Write("<section id=\"setup\"><h2>Traffic pattern and stopping conditions</h2>\n<dl class=\"facts\">");
        Fact(w, "Traffic pattern", ReportFormat.Html(JobSetupText.TrafficPattern(plan.Schedule)));
        foreach (var (condition, text) in JobSetupText.StoppingConditions(plan))
        {
            Fact(w, condition, ReportFormat.Html(text));
        }

        w.Write($"</dl>\n<p class=\"note\">{ReportFormat.Html(LatencyNote)}</p>\n</section>\n");
    }

    private static void WriteCharts(TextWriter w, JobSnapshot job)
    {
        w.Write("<section id=\"charts\"><h2>Tests over time</h2>\n");
        w.Write("<p class=\"muted\">Each point is the sliding window ending at that second. The shaded band is the peak window "
            + "the results come from; dashed lines are the MaxInvocations target and the latency threshold.</p>\n");
        foreach (var test in job.Tests)
        {
            var title = $"Test {test.Plan.Index}: {ReportFormat.EndpointLabel(test.Plan.Configuration)}";
            if (test.Plan.EnvironmentParameters.Count > 0)
            {
                title += $" ({ReportFormat.Environment(test.Plan.EnvironmentParameters)})";
            }

            w.Write($"<h3 id=\"test-{test.Plan.Index}\">{ReportFormat.Html(title)} {HtmlTables.StatusBadge(test.Status)}</h3>\n");
            w.Write($"<p class=\"muted\">{ReportFormat.Html(Caption(test, job.Plan))}</p>\n");
            TestCharts.Write(w, test, job.Plan.Policy);
            w.Write('\n');
        }

        w.Write("</section>\n");
    }

    // What to look for in the charts: why the test ended and where its numbers come from.
    private static string Caption(TestSnapshot test, JobPlan plan)
    {
        var ended = test.StopReason is { } reason ? $"Ended because {reason.Describe()}." : "Not ended yet.";
        return test.Metrics is { } m
            ? $"{ended} Peak window: {ReportFormat.Integer(m.PeakWindow.LengthSeconds)} s ending at {ReportFormat.Integer(m.PeakWindow.EndSecond)} s, "
                + $"{ReportFormat.Number(m.PeakWindow.InvocationsPerMinute, 1)} invocations/min with {ReportFormat.Number(m.PeakWindow.MeanUsers, 1)} mean users "
                + $"({ReportFormat.Integer(m.PeakWindow.Users)} at its end), "
                + $"{plan.Policy.ReportedPercentile} {ReportFormat.Milliseconds(m.PeakWindow.LatencyMs(plan.Policy.ReportedPercentile))}."
            : ended;
    }

    private static string TestCounts(JobSnapshot job) => job.Tests.Count == 0
        ? "0"
        : $"{job.Tests.Count} ({string.Join(", ", job.Tests.GroupBy(t => t.Status).Select(g => $"{g.Count()} {g.Key.Name()}"))})";

    private static void Fact(TextWriter w, string name, string html) =>
        w.Write($"<dt>{ReportFormat.Html(name)}</dt><dd>{html}</dd>");
}
