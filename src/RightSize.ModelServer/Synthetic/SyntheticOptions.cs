namespace RightSize.ModelServer.Synthetic;

/// <summary>A calibrated fake model: true capacity is <see cref="Slots"/> / <see cref="ServiceTime"/>.</summary>
internal sealed record SyntheticOptions
{
    public int Slots { get; init; } = 1;

    public TimeSpan ServiceTime { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Each service time is drawn uniformly from ServiceTime ± Jitter.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Fraction of requests (0 to 1) answered with 500 after their service time.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Every StallEvery the server stops serving for StallDuration; zero disables stalls.</summary>
    public TimeSpan StallEvery { get; init; }

    public TimeSpan StallDuration { get; init; }

    /// <summary>How long /ping answers 503 after the server starts listening.</summary>
    public TimeSpan StartupDelay { get; init; }

    public double CapacityPerSecond => Slots / ServiceTime.TotalSeconds;
}
