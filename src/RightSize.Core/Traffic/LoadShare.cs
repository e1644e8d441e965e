namespace RightSize.Traffic;

/// <summary>
/// One generator's segment of a load split across <see cref="Generators"/> generators (a fleet test, issue #12). The
/// split is deterministic and exact: at every moment the generators' users sum to the whole schedule's, and the
/// generators' arrivals together are exactly the whole schedule's arrivals.
/// </summary>
/// <param name="Generators">How many generators share the load (at least 1).</param>
/// <param name="Index">This generator's place among them, 0 to <paramref name="Generators"/> - 1.</param>
public sealed record LoadShare(int Generators, int Index)
{
    /// <summary>The whole load: one generator.</summary>
    public static LoadShare Whole { get; } = new(1, 0);

    /// <summary>This generator's users out of <paramref name="total"/>: an equal part, the first total mod K getting one more.</summary>
    public int UsersOf(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        return (total / Generators) + (Index < total % Generators ? 1 : 0);
    }

    /// <summary>The closed loop's segment: this generator's users of <paramref name="whole"/> at every moment.</summary>
    public ITrafficSchedule Of(ITrafficSchedule whole) => Generators == 1 ? whole : new SharedSchedule(whole, this);

    /// <summary>The open loop's segment: every K-th arrival of <paramref name="whole"/>, from the <see cref="Index"/>-th.</summary>
    public IArrivalSchedule Of(IArrivalSchedule whole) => Generators == 1 ? whole : new SharedArrivals(whole, this);

    /// <summary>Why the share is impossible, or null.</summary>
    public string? Check() =>
        Generators < 1 ? $"{Generators} generators: give at least 1"
        : Index < 0 || Index >= Generators ? $"generator index {Index} is outside 0 to {Generators - 1}"
        : null;

    private sealed class SharedSchedule(ITrafficSchedule whole, LoadShare share) : ITrafficSchedule
    {
        public TimeSpan Duration => whole.Duration;

        public int UsersAt(TimeSpan elapsed) => share.UsersOf(whole.UsersAt(elapsed));

        // The share can only change where the whole does (it may stay the same there).
        public TimeSpan? NextChangeAfter(TimeSpan elapsed) => whole.NextChangeAfter(elapsed);
    }

    private sealed class SharedArrivals(IArrivalSchedule whole, LoadShare share) : IArrivalSchedule
    {
        public TimeSpan Duration => whole.Duration;

        public IEnumerable<TimeSpan> Arrivals()
        {
            long n = 0;
            foreach (var arrival in whole.Arrivals())
            {
                if (n++ % share.Generators == share.Index)
                {
                    yield return arrival;
                }
            }
        }
    }
}
