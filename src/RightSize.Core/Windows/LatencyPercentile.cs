namespace RightSize.Windows;

/// <summary>The percentiles a latency threshold may name (P95 and P99 in SageMaker; the rest in relaxed mode).</summary>
public enum LatencyPercentile
{
    P50,
    P90,
    P95,
    P99,
    P999,
}

public static class LatencyPercentileNames
{
    public static bool TryParse(string? name, out LatencyPercentile percentile)
    {
        percentile = name switch
        {
            "P50" => LatencyPercentile.P50,
            "P90" => LatencyPercentile.P90,
            "P95" => LatencyPercentile.P95,
            "P99" => LatencyPercentile.P99,
            "P999" => LatencyPercentile.P999,
            _ => (LatencyPercentile)(-1),
        };
        return Enum.IsDefined(percentile);
    }

    public static double Value(this LatencyPercentile percentile) => percentile switch
    {
        LatencyPercentile.P50 => 50,
        LatencyPercentile.P90 => 90,
        LatencyPercentile.P95 => 95,
        LatencyPercentile.P99 => 99,
        _ => 99.9,
    };
}
