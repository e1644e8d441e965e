namespace RightSize.Reports;

/// <summary>Axis ranges and tick intervals that people read easily: 1, 2, 2.5 or 5 times a power of ten, or whole minutes.</summary>
internal static class NiceScale
{
    // Seconds read best in intervals that divide a minute or an hour.
    private static readonly double[] TickSeconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

    /// <summary>The top of a [0, top] axis that covers <paramref name="max"/>, and its tick interval, for about <paramref name="ticks"/> ticks.</summary>
    internal static (double Top, double Step) Linear(double max, int ticks)
    {
        if (!(max > 0) || double.IsInfinity(max))
        {
            return (1, 0.25);
        }

        var raw = max / ticks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        var nice = fraction switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 2.5 => 2.5,
            <= 5 => 5,
            _ => 10,
        };
        var interval = nice * magnitude;
        return (Math.Ceiling((max / interval) - 1e-9) * interval, interval);
    }

    /// <summary>A tick interval in seconds for a time axis of length <paramref name="max"/>, for at most about <paramref name="ticks"/> ticks.</summary>
    internal static double Seconds(double max, int ticks)
    {
        var raw = max / ticks;
        foreach (var interval in TickSeconds)
        {
            if (interval >= raw)
            {
                return interval;
            }
        }

        return Linear(max, ticks).Step;
    }
}
