using RightSize.Load;

namespace RightSize.Generative;

/// <summary>
/// One per-request metric's distribution in an HDR-class histogram (Load's <see cref="LatencyHistogram"/>: percentiles
/// within 0.4%, min, max and mean exact), plus the sum of squares for the standard deviation. Values are stored as
/// whole multiples of 1 / <paramref name="resolution"/> of the display unit (ns for ms metrics).
/// </summary>
public sealed class MetricDistribution(string unit, double resolution)
{
    private readonly LatencyHistogram _histogram = new();
    private double _sumOfSquares;

    public string Unit => unit;

    public long Count => _histogram.TotalCount;

    public void Record(double value)
    {
        var stored = (long)Math.Round(value * resolution);
        _histogram.Record(stored);
        var clamped = Math.Clamp(stored, 0, LatencyHistogram.HighestTrackableValue) / resolution;
        _sumOfSquares += clamped * clamped;
    }

    public double Mean => _histogram.Mean / resolution;

    public double Min => _histogram.Min / resolution;

    public double Max => _histogram.Max / resolution;

    public double Sum => Mean * Count;

    public double Percentile(double percentile) => _histogram.ValueAtPercentile(percentile) / resolution;

    /// <summary>Population standard deviation (as AIPerf's numpy std).</summary>
    public double StandardDeviation => Count == 0 ? 0 : Math.Sqrt(Math.Max(0, (_sumOfSquares / Count) - (Mean * Mean)));
}
