namespace RightSize.Windows;

/// <summary>
/// Metrics of one sliding window, as CloudWatch would show them for an endpoint: rates per minute, latency
/// percentiles of successful invocations in milliseconds, and the endpoint's resource use (NaN when not measured).
/// </summary>
public sealed record WindowStats
{
    /// <summary>Seconds since the test started at which the window ends (exclusive).</summary>
    public required int EndSecond { get; init; }

    /// <summary>Seconds the window covers; shorter than configured only at the start of a test.</summary>
    public required int LengthSeconds { get; init; }

    /// <summary>True once the window spans its configured length; only full windows drive stopping and results.</summary>
    public required bool IsFull { get; init; }

    /// <summary>Users running at the end of the window.</summary>
    public required int Users { get; init; }

    /// <summary>Time-weighted mean users over the window (user-seconds / window length): the load its rate answers to.</summary>
    public double MeanUsers { get; init; }

    /// <summary>The lowest mean users of any one second in the window.</summary>
    public double FewestUsers { get; init; }

    /// <summary>The highest mean users of any one second in the window.</summary>
    public double MostUsers { get; init; }

    public required long Invocations { get; init; }
    public required long ClientErrors { get; init; }
    public required long ServerErrors { get; init; }
    public required long Timeouts { get; init; }
    public required long ConnectionErrors { get; init; }

    public required double P50Ms { get; init; }
    public required double P90Ms { get; init; }
    public required double P95Ms { get; init; }
    public required double P99Ms { get; init; }
    public required double P999Ms { get; init; }
    public required double MaxMs { get; init; }

    public double CpuUtilization { get; init; } = double.NaN;
    public double MemoryUtilization { get; init; } = double.NaN;

    /// <summary>
    /// True when the host was saturated by other load (other processes' CPU, run queue, steal time) in the window, so
    /// its numbers may understate the endpoint; null where the host could not be watched.
    /// </summary>
    public bool? HostBound { get; init; }

    public long Failures => ClientErrors + ServerErrors + Timeouts + ConnectionErrors;

    public double InvocationsPerMinute => LengthSeconds == 0 ? 0 : Invocations * 60.0 / LengthSeconds;

    /// <summary>Failed invocations as a fraction (0-1) of all invocations in the window.</summary>
    public double ErrorRate => Invocations == 0 ? 0 : (double)Failures / Invocations;

    /// <summary>The latency at a SageMaker percentile name (P50, P90, P95, P99, P999), in milliseconds.</summary>
    public double LatencyMs(LatencyPercentile percentile) => percentile switch
    {
        LatencyPercentile.P50 => P50Ms,
        LatencyPercentile.P90 => P90Ms,
        LatencyPercentile.P95 => P95Ms,
        LatencyPercentile.P99 => P99Ms,
        _ => P999Ms,
    };
}
