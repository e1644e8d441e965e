namespace RightSize.Traffic;

/// <summary>How arrivals are spaced at a given rate.</summary>
public enum ArrivalProcess
{
    /// <summary>Evenly spaced, as wrk2 and k6's arrival-rate executors.</summary>
    Uniform,

    /// <summary>Exponential gaps (a Poisson process), as independent clients would arrive.</summary>
    Poisson,
}

/// <summary>
/// Arrivals at a rate that goes linearly from <see cref="StartRate"/> to <see cref="EndRate"/> per second over the
/// duration (equal rates: a constant rate). Request k is sent when the expected count N(t) reaches k (uniform) or the
/// k-th point of a unit Poisson process (Poisson); mapping through N keeps a Poisson ramp exact.
/// </summary>
public sealed class RateArrivals : IArrivalSchedule
{
    private readonly int? _seed;

    public RateArrivals(double startRate, double endRate, TimeSpan duration, ArrivalProcess process = ArrivalProcess.Uniform, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startRate);
        ArgumentOutOfRangeException.ThrowIfNegative(endRate);
        if (startRate + endRate == 0 || !double.IsFinite(startRate + endRate))
        {
            throw new ArgumentOutOfRangeException(nameof(startRate), "The arrival rate must be finite and above zero somewhere.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        StartRate = startRate;
        EndRate = endRate;
        Duration = duration;
        Process = process;
        _seed = seed;
    }

    /// <summary>A constant rate per second.</summary>
    public RateArrivals(double rate, TimeSpan duration, ArrivalProcess process = ArrivalProcess.Uniform, int? seed = null)
        : this(rate, rate, duration, process, seed)
    {
    }

    public double StartRate { get; }

    public double EndRate { get; }

    public TimeSpan Duration { get; }

    public ArrivalProcess Process { get; }

    /// <summary>The expected number of arrivals in the whole schedule.</summary>
    public double ExpectedCount => (StartRate + EndRate) / 2 * Duration.TotalSeconds;

    public IEnumerable<TimeSpan> Arrivals()
    {
        var random = Process == ArrivalProcess.Poisson ? (_seed is { } s ? new Random(s) : new Random()) : null;
        var count = 0.0;
        for (long k = 0; ; k++)
        {
            count = random is null ? k : count - Math.Log(1 - random.NextDouble());
            var seconds = TimeOfCount(count);
            if (!(seconds < Duration.TotalSeconds))
            {
                yield break;
            }

            yield return TimeSpan.FromSeconds(seconds);
        }
    }

    /// <summary>Solves N(t) = count for t, with N(t) = r0 t + (r1 - r0) t^2 / 2D; NaN or infinity when never reached.</summary>
    private double TimeOfCount(double count)
    {
        if (count == 0)
        {
            return 0;
        }

        var a = (EndRate - StartRate) / (2 * Duration.TotalSeconds);
        // This form of the quadratic root stays exact when the ramp is flat (a = 0).
        return 2 * count / (StartRate + Math.Sqrt((StartRate * StartRate) + (4 * a * count)));
    }
}
