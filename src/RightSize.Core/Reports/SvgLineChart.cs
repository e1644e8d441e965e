using System.Globalization;
using System.Text;

namespace RightSize.Reports;

/// <summary>One point of a chart series; a NaN <see cref="Y"/> leaves a gap in the line.</summary>
internal readonly record struct ChartPoint(double X, double Y);

/// <summary>
/// A line chart drawn as plain SVG on the server, so the report needs no script and no library: series over a shared
/// x axis starting at 0, a y axis starting at 0, grid and tick labels, a legend, dashed reference lines (targets,
/// thresholds) and a shaded x range (the peak window). Styling comes from the page's CSS classes.
/// </summary>
internal sealed class SvgLineChart
{
    internal const double Width = 720;
    internal const double Height = 220;

    private const double Left = 64;
    private const double Right = 16;
    private const double Top = 30;
    private const double Bottom = 40;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;

    // Rough width of one character of the 11px legend font; the legend is laid out without measuring text.
    private const double CharWidth = 6.2;

    private readonly string _title;
    private readonly string _xLabel;
    private readonly string _yLabel;
    private readonly double _xMax;
    private readonly List<(string Name, string Color, IReadOnlyList<ChartPoint> Points)> _series = [];
    private readonly List<(string Label, double Y, string Color)> _references = [];
    private readonly List<(string Label, double From, double To)> _ranges = [];

    internal SvgLineChart(string title, string xLabel, string yLabel, double xMax)
    {
        _title = title;
        _xLabel = xLabel;
        _yLabel = yLabel;
        _xMax = xMax > 0 ? xMax : 1;
    }

    internal SvgLineChart AddSeries(string name, string color, IReadOnlyList<ChartPoint> points)
    {
        _series.Add((name, color, points));
        return this;
    }

    /// <summary>A dashed horizontal line at <paramref name="y"/>, labelled at its left end, where rising series are still low.</summary>
    internal SvgLineChart AddReferenceLine(string label, double y, string color)
    {
        _references.Add((label, y, color));
        return this;
    }

    /// <summary>A shaded band over [<paramref name="from"/>, <paramref name="to"/>] on the x axis, labelled at its top.</summary>
    internal SvgLineChart MarkRange(string label, double from, double to)
    {
        _ranges.Add((label, from, to));
        return this;
    }

    /// <summary>Writes the chart as an SVG group placed <paramref name="offsetY"/> down its parent SVG.</summary>
    internal void Write(TextWriter w, double offsetY)
    {
        var yMax = _series.SelectMany(s => s.Points).Select(p => p.Y).Concat(_references.Select(r => r.Y))
            .Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var (yTop, yTick) = NiceScale.Linear(yMax * 1.05, 4);
        w.Write($"<g class=\"chart\" transform=\"translate(0,{F(offsetY)})\">");
        w.Write($"<text class=\"chart-title\" x=\"{F(Left)}\" y=\"16\">{ReportFormat.Html(_title)}</text>");
        WriteLegend(w);
        foreach (var (label, from, to) in _ranges)
        {
            var x0 = X(Math.Max(0, from));
            var x1 = X(Math.Min(_xMax, to));
            w.Write($"<rect class=\"range\" x=\"{F(x0)}\" y=\"{F(Top)}\" width=\"{F(Math.Max(1, x1 - x0))}\" height=\"{F(PlotHeight)}\"/>");
            w.Write($"<text class=\"range-label\" x=\"{F((x0 + x1) / 2)}\" y=\"{F(Top + 11)}\">{ReportFormat.Html(label)}</text>");
        }

        WriteAxes(w, yTop, yTick);
        foreach (var (name, color, points) in _series)
        {
            w.Write($"<path class=\"series\" stroke=\"{color}\" d=\"{PathData(points, yTop)}\"><title>{ReportFormat.Html(name)}</title></path>");
        }

        foreach (var (label, value, color) in _references)
        {
            var y = Y(value, yTop);
            w.Write($"<line class=\"reference\" stroke=\"{color}\" x1=\"{F(Left)}\" x2=\"{F(Left + PlotWidth)}\" y1=\"{F(y)}\" y2=\"{F(y)}\"/>");
            w.Write($"<text class=\"reference-label\" style=\"fill:{color}\" x=\"{F(Left + 4)}\" y=\"{F(y - 4)}\">{ReportFormat.Html(label)}</text>");
        }

        w.Write("</g>");
    }

    private void WriteAxes(TextWriter w, double yTop, double yTick)
    {
        // Ticks are multiplied out rather than summed so that intervals like 0.1 do not drift.
        for (var i = 0; i * yTick <= yTop + (yTick / 2); i++)
        {
            var tick = i * yTick;
            var y = Y(tick, yTop);
            w.Write($"<line class=\"grid\" x1=\"{F(Left)}\" x2=\"{F(Left + PlotWidth)}\" y1=\"{F(y)}\" y2=\"{F(y)}\"/>");
            w.Write($"<text class=\"tick-y\" x=\"{F(Left - 6)}\" y=\"{F(y + 4)}\">{TickLabel(tick)}</text>");
        }

        var xTick = NiceScale.Seconds(_xMax, 8);
        for (var i = 0; i * xTick <= _xMax + 1e-9; i++)
        {
            var tick = i * xTick;
            var x = X(tick);
            w.Write($"<line class=\"axis\" x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{F(Top + PlotHeight)}\" y2=\"{F(Top + PlotHeight + 4)}\"/>");
            w.Write($"<text class=\"tick-x\" x=\"{F(x)}\" y=\"{F(Top + PlotHeight + 16)}\">{TickLabel(tick)}</text>");
        }

        w.Write($"<line class=\"axis\" x1=\"{F(Left)}\" x2=\"{F(Left + PlotWidth)}\" y1=\"{F(Top + PlotHeight)}\" y2=\"{F(Top + PlotHeight)}\"/>");
        w.Write($"<line class=\"axis\" x1=\"{F(Left)}\" x2=\"{F(Left)}\" y1=\"{F(Top)}\" y2=\"{F(Top + PlotHeight)}\"/>");
        w.Write($"<text class=\"axis-label\" x=\"{F(Left + (PlotWidth / 2))}\" y=\"{F(Height - 6)}\">{ReportFormat.Html(_xLabel)}</text>");
        var yLabelY = Top + (PlotHeight / 2);
        w.Write($"<text class=\"axis-label\" transform=\"translate(14,{F(yLabelY)}) rotate(-90)\">{ReportFormat.Html(_yLabel)}</text>");
    }

    // Legend entries run right-aligned on the title's line; the title takes the left.
    private void WriteLegend(TextWriter w)
    {
        var x = Width - Right - _series.Sum(s => LegendEntryWidth(s.Name));
        foreach (var (name, color, _) in _series)
        {
            w.Write($"<line class=\"legend-swatch\" stroke=\"{color}\" x1=\"{F(x)}\" x2=\"{F(x + 14)}\" y1=\"12\" y2=\"12\"/>");
            w.Write($"<text class=\"legend\" x=\"{F(x + 18)}\" y=\"16\">{ReportFormat.Html(name)}</text>");
            x += LegendEntryWidth(name);
        }
    }

    // Swatch, gap, text and spacing before the next entry.
    private static double LegendEntryWidth(string name) => 26 + (name.Length * CharWidth);

    private string PathData(IReadOnlyList<ChartPoint> points, double yTop)
    {
        var d = new StringBuilder(points.Count * 14);
        var penDown = false;
        foreach (var p in points)
        {
            if (!double.IsFinite(p.Y))
            {
                penDown = false;
                continue;
            }

            d.Append(penDown ? 'L' : 'M').Append(F(X(p.X))).Append(',').Append(F(Y(p.Y, yTop)));
            penDown = true;
        }

        return d.ToString();
    }

    private double X(double value) => Left + (value / _xMax * PlotWidth);

    private static double Y(double value, double yTop) => Top + PlotHeight - (value / yTop * PlotHeight);

    // Large rates read better as 12k than 12000 on a narrow axis.
    private static string TickLabel(double value) =>
        value >= 10_000 ? ReportFormat.Number(value / 1000, 1) + "k" : ReportFormat.Number(value, 2);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
