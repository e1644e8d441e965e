using RightSize.Stopping;
using RightSize.Windows;

namespace RightSize.Results;

/// <summary>Computes a test's results (MaxInvocations, latency, cost, utilization) from its peak window.</summary>
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

    /// <summary>The numbers for a test whose peak window is known, priced at <paramref name="pricePerHour"/> per instance.</summary>
    public static TestMetrics Compute(WindowStats peak, StoppingPolicy policy, double pricePerHour) =>
        Compute(peak, (long)Math.Floor(peak.InvocationsPerMinute), policy, pricePerHour);

    /// <summary>
    /// A serverless test's numbers: billed compute is memory x duration, so one inference costs memory GB x price per
    /// GB-second x its duration, taken as the peak window's P50 latency; CostPerHour is that cost at MaxInvocations per
    /// minute for an hour. There is no instance count (SageMaker omits it for serverless).
    /// </summary>
    public static TestMetrics ComputeServerless(WindowStats peak, StoppingPolicy policy, double memoryGb, double pricePerGbSecond)
    {
        var perMinute = (long)Math.Floor(peak.InvocationsPerMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        var costPerInference = memoryGb * pricePerGbSecond * (peak.LatencyMs(LatencyPercentile.P50) / 1000);
        return new TestMetrics
        {
            PeakWindow = peak,
            PerInstanceMaxInvocations = perMinute,
            InitialInstanceCount = 1,
            MaxInvocations = perMinute,
            ModelLatencyMicroseconds = (long)Math.Round(peak.LatencyMs(policy.ReportedPercentile) * 1000),
            CostPerHour = costPerInference * perMinute * 60,
            CostPerInference = costPerInference,
        };
    }

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
