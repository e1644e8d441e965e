namespace RightSize.ModelServer.Synthetic;

/// <summary>
/// Periodic stop-the-world stalls: stall k (k ≥ 1) covers [origin + k·every, origin + k·every + duration). Work makes no
/// progress during a stall, like a model server paused by a garbage collection. Times are Stopwatch ticks.
/// </summary>
internal sealed class StallSchedule(long origin, long every, long duration)
{
    public static StallSchedule None { get; } = new(0, 0, 0);

    /// <summary>When work of <paramref name="work"/> ticks that starts at <paramref name="start"/> finishes.</summary>
    public long Finish(long start, long work)
    {
        if (every <= 0)
        {
            return start + work;
        }

        var time = Math.Max(start, origin);
        var remaining = work;
        while (true)
        {
            var period = (time - origin) / every;
            var stallStart = origin + (period * every);
            if (period >= 1 && time < stallStart + duration)
            {
                time = stallStart + duration;
            }

            var nextStall = stallStart + every;
            if (time + remaining <= nextStall)
            {
                return time + remaining;
            }

            remaining -= nextStall - time;
            time = nextStall;
        }
    }
}
