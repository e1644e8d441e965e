using RightSize.Traffic;

namespace RightSize.Autoscaling;

/// <summary>
/// The validation run's open-loop traffic: from the low rate up to the peak over the first 30% of the duration, the
/// peak for 20%, back down to the low rate over 30%, and the low rate for the last 20% (so scale-in has time to show).
/// </summary>
public sealed class RiseAndFallArrivals : IArrivalSchedule
{
    public RiseAndFallArrivals(double lowRps, double peakRps, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lowRps);
        ArgumentOutOfRangeException.ThrowIfLessThan(peakRps, lowRps);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        LowRps = lowRps;
        PeakRps = peakRps;
        Duration = duration;
    }

    public double LowRps { get; }

    public double PeakRps { get; }

    public TimeSpan Duration { get; }

    /// <summary>The intended rate at <paramref name="elapsed"/>, requests per second.</summary>
    public double RateAt(TimeSpan elapsed)
    {
        var start = TimeSpan.Zero;
        foreach (var (from, to, length) in Parts())
        {
            if (elapsed < start + length)
            {
                return from + ((to - from) * (elapsed - start).TotalSeconds / length.TotalSeconds);
            }

            start += length;
        }

        return LowRps;
    }

    public IEnumerable<TimeSpan> Arrivals()
    {
        var start = TimeSpan.Zero;
        foreach (var (from, to, length) in Parts())
        {
            foreach (var arrival in new RateArrivals(from, to, length).Arrivals())
            {
                yield return start + arrival;
            }

            start += length;
        }
    }

    private (double From, double To, TimeSpan Length)[] Parts() =>
    [
        (LowRps, PeakRps, Duration * 0.3),
        (PeakRps, PeakRps, Duration * 0.2),
        (PeakRps, LowRps, Duration * 0.3),
        (LowRps, LowRps, Duration * 0.2),
    ];
}
