using RightSize.Windows;

namespace RightSize.Results;

/// <summary>The numbers of one completed test, all taken from its peak window (see <see cref="TestMetricsCalculator"/>).</summary>
public sealed record TestMetrics
{
    /// <summary>The window the numbers come from: highest rate among windows within the SLO and below 1% errors.</summary>
    public required WindowStats PeakWindow { get; init; }

    /// <summary>The peak window's invocations per minute, for one instance.</summary>
    public required long PerInstanceMaxInvocations { get; init; }

    /// <summary>max(1, ceil(StoppingConditions.MaxInvocations / per-instance MaxInvocations)), or 1 without a target.</summary>
    public required int InitialInstanceCount { get; init; }

    /// <summary>Per-instance MaxInvocations x InitialInstanceCount.</summary>
    public required long MaxInvocations { get; init; }

    /// <summary>The reported percentile in the peak window, in microseconds.</summary>
    public required long ModelLatencyMicroseconds { get; init; }

    public required double CostPerHour { get; init; }

    public required double CostPerInference { get; init; }

    public double CpuUtilization => PeakWindow.CpuUtilization;

    public double MemoryUtilization => PeakWindow.MemoryUtilization;
}
