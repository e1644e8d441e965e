using RightSize.Stopping;
using RightSize.Windows;

namespace RightSize.Reports;

/// <summary>
/// The charts of one test over time (x = seconds since the test started, each point the sliding window ending then):
/// invocation rate, latency percentiles and users, stacked in one SVG so each test is one figure.
/// </summary>
internal static class TestCharts
{
    private const string XLabel = "seconds since the test started";
    private const string RateColor = "#1f77b4";
    private const string UsersColor = "#2ca02c";
    private const string UsersEndColor = "#98df8a";
    private const string TargetColor = "#6a3d9a";
    private const string ThresholdColor = "#b2182b";

    private static readonly (LatencyPercentile Percentile, string Color)[] LatencyLines =
    [
        (LatencyPercentile.P50, "#1f77b4"),
        (LatencyPercentile.P90, "#17becf"),
        (LatencyPercentile.P95, "#ff7f0e"),
        (LatencyPercentile.P99, "#d62728"),
        (LatencyPercentile.P999, "#8c564b"),
    ];

    internal static void Write(TextWriter w, TestSnapshot test, StoppingPolicy policy)
    {
        if (test.Windows.Count == 0)
        {
            w.Write("<p class=\"muted\">No window was measured in this test.</p>");
            return;
        }

        SvgLineChart[] charts = [Rate(test, policy), Latency(test, policy), Users(test)];
        var peak = test.Metrics?.PeakWindow;
        if (peak is not null)
        {
            foreach (var chart in charts)
            {
                chart.MarkRange("peak window", peak.EndSecond - peak.LengthSeconds, peak.EndSecond);
            }
        }

        var height = SvgLineChart.Height * charts.Length;
        var label = ReportFormat.Html($"Test {test.Plan.Index} over time: invocation rate, latency and users");
        w.Write($"<svg class=\"chart-group\" viewBox=\"0 0 {SvgLineChart.Width} {height}\" role=\"img\" aria-label=\"{label}\">");
        for (var i = 0; i < charts.Length; i++)
        {
            charts[i].Write(w, i * SvgLineChart.Height);
        }

        w.Write("</svg>");
    }

    private static SvgLineChart Rate(TestSnapshot test, StoppingPolicy policy)
    {
        var chart = NewChart(test, "Invocations per minute", "invocations / min")
            .AddSeries("invocations / min", RateColor, Points(test, w => w.InvocationsPerMinute));
        if (policy.MaxInvocationsPerMinute is { } target)
        {
            chart.AddReferenceLine($"MaxInvocations target {ReportFormat.Integer(target)}/min", target, TargetColor);
        }

        return chart;
    }

    // P50, P95 and P99 always; the threshold's percentile too when it is another one (relaxed mode allows P90, P999).
    // A window without a successful invocation has no latency: it leaves a gap rather than a false zero.
    private static SvgLineChart Latency(TestSnapshot test, StoppingPolicy policy)
    {
        var chart = NewChart(test, "Latency percentiles (closed loop)", "ms");
        var threshold = policy.LatencyThreshold;
        foreach (var (percentile, color) in LatencyLines)
        {
            if (percentile is LatencyPercentile.P50 or LatencyPercentile.P95 or LatencyPercentile.P99 || threshold?.Percentile == percentile)
            {
                chart.AddSeries(percentile.ToString(), color, Points(test, w => w.Invocations > w.Failures ? w.LatencyMs(percentile) : double.NaN));
            }
        }

        if (threshold is not null)
        {
            chart.AddReferenceLine(
                $"{threshold.Percentile} threshold {ReportFormat.Number(threshold.ValueInMilliseconds, 3)} ms",
                threshold.ValueInMilliseconds,
                ThresholdColor);
        }

        return chart;
    }

    private static SvgLineChart Users(TestSnapshot test) =>
        NewChart(test, "Users", "users")
            .AddSeries("mean users", UsersColor, Points(test, w => w.MeanUsers))
            .AddSeries("users at window end", UsersEndColor, Points(test, w => w.Users));

    private static SvgLineChart NewChart(TestSnapshot test, string title, string yLabel) =>
        new(title, XLabel, yLabel, test.Windows[^1].EndSecond);

    private static ChartPoint[] Points(TestSnapshot test, Func<WindowStats, double> value) =>
        [.. test.Windows.Select(w => new ChartPoint(w.EndSecond, value(w)))];
}
