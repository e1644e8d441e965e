using System.Diagnostics;

namespace RightSize.ModelServer.Synthetic;

/// <summary>When an admitted request completes, and whether it fails.</summary>
internal readonly record struct Admission(long Finish, bool Fails);

/// <summary>
/// A FIFO queue in front of N slots, kept in virtual time: each request is assigned, on arrival, the slot that frees
/// first, starts when it frees and holds it for one service time. Finish times come from this schedule rather than from
/// when timers actually fire, so timer granularity adds latency but never removes capacity: under load the server
/// completes exactly N / T requests per second.
/// </summary>
internal sealed class SyntheticScheduler
{
    private readonly PriorityQueue<long, long> _slotFreeAt = new();
    private readonly SyntheticOptions _options;
    private readonly StallSchedule _stalls;
    private readonly Random _random;
    private readonly long _serviceTicks;
    private readonly long _jitterTicks;
    private readonly Lock _lock = new();

    public SyntheticScheduler(SyntheticOptions options, long origin, Random random)
    {
        _options = options;
        _random = random;
        _serviceTicks = Ticks(options.ServiceTime);
        _jitterTicks = Ticks(options.Jitter);
        _stalls = options.StallEvery > TimeSpan.Zero
            ? new StallSchedule(origin, Ticks(options.StallEvery), Ticks(options.StallDuration))
            : StallSchedule.None;
        for (var i = 0; i < options.Slots; i++)
        {
            _slotFreeAt.Enqueue(origin, origin);
        }
    }

    public static long Ticks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);

    public Admission Admit(long arrival)
    {
        lock (_lock)
        {
            var start = Math.Max(arrival, _slotFreeAt.Dequeue());
            var service = _jitterTicks == 0 ? _serviceTicks : _serviceTicks + _random.NextInt64(-_jitterTicks, _jitterTicks + 1);
            var finish = _stalls.Finish(start, service);
            _slotFreeAt.Enqueue(finish, finish);
            return new Admission(finish, _options.ErrorRate > 0 && _random.NextDouble() < _options.ErrorRate);
        }
    }
}
