using RightSize.Windows;

namespace RightSize.Autoscaling;

/// <summary>One step of a peak search: a fixed number of closed-loop users and what they measured.</summary>
/// <param name="Users">Users (concurrent requests) during the step.</param>
/// <param name="Rps">Completed invocations (successful or not) per second.</param>
/// <param name="SuccessRate">Successful invocations over all invocations, 0 to 1 (0 when none completed).</param>
/// <param name="P50Ms">Latency percentiles of successful invocations, in milliseconds.</param>
public sealed record PeakStep(int Users, double Rps, double SuccessRate, double P50Ms, double P95Ms, double P99Ms)
{
    public long Invocations { get; init; }

    /// <summary>The step's latency at one of the percentiles a knee rule may use (P50, P95, P99).</summary>
    public double LatencyMs(LatencyPercentile percentile) => percentile switch
    {
        LatencyPercentile.P50 => P50Ms,
        LatencyPercentile.P99 => P99Ms,
        LatencyPercentile.P95 => P95Ms,
        _ => throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "only P50, P95 and P99 are measured per step"),
    };
}
