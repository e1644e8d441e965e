using RightSize.Stopping;
using RightSize.Windows;

namespace RightSize.Results;

/// <summary>Computes a test's results from its windows (PRODUCT.md §5).</summary>
public static class TestMetricsCalculator
{
    /// <summary>
    /// The peak window: the highest invocation rate among full windows whose reported percentile is within the
    /// threshold and whose error rate is below 1%. When no window was full (a test shorter than its window), the last
    /// window stands in, so short runs still report what they measured. Null when no window qualifies.
    /// </summary>
    public static WindowStats? FindPeakWindow(IReadOnlyList<WindowStats> windows, StoppingPolicy policy)
    {
        var candidates = windows.Any(w => w.IsFull) ? windows.Where(w => w.IsFull) : windows.TakeLast(1);
        WindowStats? peak = null;
        foreach (var w in candidates)
        {
            var withinSlo = policy.LatencyThreshold is not { } t || w.LatencyMs(t.Percentile) <= t.ValueInMilliseconds;
            var successful = w.Invocations - w.Failures;
            if (withinSlo && w.ErrorRate < StoppingPolicy.ErrorRateLimit && successful > 0
                && (peak is null || w.InvocationsPerMinute > peak.InvocationsPerMinute))
            {
                peak = w;
            }
        }

        return peak;
    }

    /// <summary>The §5 numbers for a test whose peak window is known, priced at <paramref name="pricePerHour"/> per instance.</summary>
    public static TestMetrics Compute(WindowStats peak, StoppingPolicy policy, double pricePerHour) =>
        Compute(peak, (long)Math.Floor(peak.InvocationsPerMinute), policy, pricePerHour);

    internal static TestMetrics Compute(WindowStats peak, long perInstance, StoppingPolicy policy, double pricePerHour)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perInstance);
        var count = policy.MaxInvocationsPerMinute is { } target
            ? Math.Max(1, (int)Math.Ceiling((double)target / perInstance))
            : 1;
        var maxInvocations = perInstance * count;
        var costPerHour = pricePerHour * count;
        return new TestMetrics
        {
            PeakWindow = peak,
            PerInstanceMaxInvocations = perInstance,
            InitialInstanceCount = count,
            MaxInvocations = maxInvocations,
            ModelLatencyMicroseconds = (long)Math.Round(peak.LatencyMs(policy.ReportedPercentile) * 1000),
            CostPerHour = costPerHour,
            CostPerInference = costPerHour / (maxInvocations * 60.0),
        };
    }
}
