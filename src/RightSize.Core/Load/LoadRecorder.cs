using System.Runtime.CompilerServices;
namespace RightSize.Load;

/// <summary>
/// Where the load engine records every invocation: per-second buckets by completion time, in a small ring that one
/// consumer (the window aggregator) drains second by second. Recording takes no lock and allocates nothing.
/// </summary>
public sealed class LoadRecorder
{
    private const int RingSize = 16;

    // Writers that read the clock just before a second ends may record just after it; collection waits this long.
    private static readonly TimeSpan CollectionGrace = TimeSpan.FromMilliseconds(200);

    private readonly SecondBucket[] _ring = new SecondBucket[RingSize];
    private readonly TimeProvider _time;
    private readonly double _nanosecondsPerTick;
    // User-count changes not yet attributed to a collected second: (timestamp, users), oldest first.
    private readonly List<(long Timestamp, int Users)> _userChanges = [];
    private int _users;
    private long _dropped;

    public LoadRecorder(TimeProvider time)
    {
        _time = time;
        _nanosecondsPerTick = 1_000_000_000.0 / time.TimestampFrequency;
        StartTimestamp = time.GetTimestamp();
        for (var i = 0; i < RingSize; i++)
        {
            _ring[i] = new SecondBucket(i);
        }
    }

    /// <summary>The timestamp (of the recorder's <see cref="TimeProvider"/>) at which the test started.</summary>
    public long StartTimestamp { get; }

    public TimeProvider TimeProvider => _time;

    /// <summary>Invocations that could not be placed: the consumer fell more than 16 s behind, or they ended before the start.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>
    /// Users running now; the engine sets it whenever it starts or stops users (rarely: a set takes a lock). Each
    /// collected second reports the count in effect at its end, however late it is collected.
    /// </summary>
    public int Users
    {
        get => Volatile.Read(ref _users);
        set
        {
            lock (_userChanges)
            {
                Volatile.Write(ref _users, value);
                _userChanges.Add((_time.GetTimestamp(), value));
            }
        }
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(StartTimestamp);

    /// <summary>
    /// Records one invocation. <paramref name="startTimestamp"/> is when it was sent, or in open-loop mode when it
    /// was meant to be sent, so that a stalled target shows in the latencies (no coordinated omission).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(long startTimestamp, long endTimestamp, InvocationOutcome outcome)
    {
        // Ends before the start (a clock the caller read too early) would truncate to second 0; they are dropped.
        var second = endTimestamp < StartTimestamp ? -1 : (int)((endTimestamp - StartTimestamp) / _time.TimestampFrequency);
        var bucket = second < 0 ? null : _ring[second % RingSize];
        if (bucket is null || bucket.Second != second)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        bucket.Record((long)((endTimestamp - startTimestamp) * _nanosecondsPerTick), outcome);
    }

    /// <summary>
    /// Takes the bucket of <paramref name="second"/> once that second (plus a short grace) is over, else null.
    /// Seconds must be collected in order; each is handed out once.
    /// </summary>
    public SecondBucket? TryCollect(int second)
    {
        return Elapsed < TimeSpan.FromSeconds(second + 1) + CollectionGrace ? null : Collect(second);
    }

    /// <summary>
    /// Takes the bucket of <paramref name="second"/> without waiting for the second to end: for the last seconds once
    /// the engine has stopped and nothing more will be recorded. Same ordering rules as <see cref="TryCollect"/>.
    /// </summary>
    public SecondBucket Collect(int second)
    {
        var slot = second % RingSize;
        var bucket = _ring[slot];
        if (bucket.Second != second)
        {
            throw new InvalidOperationException($"Second {second} was collected already or out of order.");
        }

        (bucket.Users, bucket.UserSeconds) = UsersDuring(second);
        Volatile.Write(ref _ring[slot], new SecondBucket(second + RingSize));
        return bucket;
    }

    /// <summary>The users in effect at the end of <paramref name="second"/> and the user-seconds it held (users integrated over time).</summary>
    private (int AtEnd, double UserSeconds) UsersDuring(int second)
    {
        // A change stamped exactly at the boundary belongs to the next second (schedule steps start on the second).
        var start = StartTimestamp + (second * _time.TimestampFrequency);
        var end = start + _time.TimestampFrequency;
        lock (_userChanges)
        {
            var last = _userChanges.FindLastIndex(c => c.Timestamp < end);
            if (last < 0)
            {
                return (0, 0);
            }

            // Each change holds from its timestamp to the next change (or the second's end); earlier ones from the start.
            double userTicks = 0;
            for (var i = last; i >= 0; i--)
            {
                var from = Math.Max(_userChanges[i].Timestamp, start);
                var to = i == last ? end : Math.Max(_userChanges[i + 1].Timestamp, start);
                userTicks += (double)_userChanges[i].Users * (to - from);
                if (_userChanges[i].Timestamp <= start)
                {
                    break;
                }
            }

            // Later seconds start from the last change, so older ones are no longer needed.
            _userChanges.RemoveRange(0, last);
            return (_userChanges[0].Users, userTicks / _time.TimestampFrequency);
        }
    }
}
