using System.Globalization;
using RightSize.Reports;

namespace RightSize.Autoscaling;

/// <summary>simulate.html: one self-contained page (inline CSS and SVG, no script) with the run's charts and verdict.</summary>
public static class SimulationHtml
{
    public static void Write(SimulationReport report, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(w);
        var minutes = report.Minutes;
        var xMax = minutes.Count == 0 ? 1 : minutes[^1].Minute;
        SvgLineChart[] charts =
        [
            new SvgLineChart("Instances", "minute", "instances", xMax)
                .AddSeries("in service", "#1f77b4", Points(minutes, m => m.Instances))
                .AddSeries("desired", "#ff7f0e", Points(minutes, m => m.DesiredInstances)),
            new SvgLineChart("Invocations per instance", "minute", "per minute", xMax)
                .AddSeries("InvocationsPerInstance", "#2ca02c", Points(minutes, m => m.InvocationsPerInstance))
                .AddReferenceLine("target", report.TargetValue, "#d62728"),
            new SvgLineChart("Latency", "minute", "ms", xMax)
                .AddSeries("p95", "#9467bd", Points(minutes, m => m.P95Ms))
                .AddSeries("p99", "#8c564b", Points(minutes, m => m.P99Ms))
                .AddReferenceLine("threshold", report.LatencyThresholdMs, "#d62728"),
        ];

        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write($"<title>RightSize autoscaling simulation</title>\n<style>{ReportStyles.Css}</style>\n</head>\n<body>\n");
        w.Write("<h1>Autoscaling validation run</h1>\n");
        w.Write(Invariant($"<p>Target {report.TargetValue:0.##} invocations per instance per minute, {report.MinInstances}-{report.MaxInstances} instances, "));
        w.Write(Invariant($"traffic {report.LowRps:0.#} to {report.PeakRps:0.#} req/s and back, time scale {report.TimeScale:0.##} (one minute lasts {60 / report.TimeScale:0.###} s).</p>\n"));
        w.Write($"<p class=\"{(report.Verdict.Passed ? "ok" : "warn")}\"><strong>{(report.Verdict.Passed ? "PASSED" : "FAILED")}</strong>: {ReportFormat.Html(report.Summary)}</p>\n");
        var height = SvgLineChart.Height * charts.Length;
        w.Write(Invariant($"<svg class=\"chart-group\" viewBox=\"0 0 {SvgLineChart.Width} {height}\" role=\"img\" aria-label=\"instances, invocations per instance and latency per minute\">"));
        for (var i = 0; i < charts.Length; i++)
        {
            charts[i].Write(w, i * SvgLineChart.Height);
        }

        w.Write("</svg>\n<table>\n<tr><th>minute</th><th>offered req/s</th><th>instances</th><th>desired</th><th>invocations per instance</th><th>per instance this minute</th><th>p95 ms</th><th>p99 ms</th><th>errors</th><th>action</th></tr>\n");
        foreach (var m in minutes)
        {
            w.Write(Invariant($"<tr><td>{m.Minute}</td><td>{m.OfferedRps:0.#}</td><td>{m.Instances}</td><td>{m.DesiredInstances}</td><td>{m.InvocationsPerInstance:0}</td><td>{string.Join(" / ", m.InstanceInvocations)}</td><td>{m.P95Ms:0.00}</td><td>{m.P99Ms:0.00}</td><td>{m.ErrorRate:P2}</td>"));
            w.Write($"<td>{ReportFormat.Html(m.Action)}</td></tr>\n");
        }

        w.Write("</table>\n</body>\n</html>\n");
    }

    private static ChartPoint[] Points(IReadOnlyList<SimulationMinute> minutes, Func<SimulationMinute, double> value) =>
        [.. minutes.Select(m => new ChartPoint(m.Minute, value(m)))];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
