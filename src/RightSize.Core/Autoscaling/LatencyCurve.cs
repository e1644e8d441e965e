namespace RightSize.Autoscaling;

/// <summary>One measured window of a load test: its per-instance rate and latency percentiles.</summary>
public sealed record LatencyPoint(double InvocationsPerMinute, double P95Ms, double P99Ms);

/// <summary>
/// Latency as a function of per-instance load, from a load test's windows: linear between measured loads, the lowest
/// measured load's latency below it, and unknown (null) above the highest measured load, since nothing says how an
/// instance behaves past what was tried. Windows at equal load are averaged.
/// </summary>
public sealed class LatencyCurve
{
    private readonly LatencyPoint[] _points;

    public LatencyCurve(IEnumerable<LatencyPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        _points = [.. points.Where(p => p.InvocationsPerMinute > 0 && double.IsFinite(p.P95Ms) && double.IsFinite(p.P99Ms))
            .GroupBy(p => p.InvocationsPerMinute)
            .Select(g => new LatencyPoint(g.Key, g.Average(p => p.P95Ms), g.Average(p => p.P99Ms)))
            .OrderBy(p => p.InvocationsPerMinute)];
    }

    public IReadOnlyList<LatencyPoint> Points => _points;

    /// <summary>Null past the highest measured load (or with no points).</summary>
    public LatencyPoint? At(double invocationsPerMinute)
    {
        if (_points.Length == 0 || invocationsPerMinute > _points[^1].InvocationsPerMinute)
        {
            return null;
        }

        var above = Array.FindIndex(_points, p => p.InvocationsPerMinute >= invocationsPerMinute);
        if (above == 0)
        {
            return _points[0] with { InvocationsPerMinute = invocationsPerMinute };
        }

        var (a, b) = (_points[above - 1], _points[above]);
        var f = (invocationsPerMinute - a.InvocationsPerMinute) / (b.InvocationsPerMinute - a.InvocationsPerMinute);
        return new LatencyPoint(invocationsPerMinute, Math.Round(a.P95Ms + (f * (b.P95Ms - a.P95Ms)), 3), Math.Round(a.P99Ms + (f * (b.P99Ms - a.P99Ms)), 3));
    }
}
