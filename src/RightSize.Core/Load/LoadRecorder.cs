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

    /// <summary>Invocations that could not be placed because the consumer fell more than 16 s behind.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Users running now; the engine sets it whenever it starts or stops users.</summary>
    public int Users
    {
        get => Volatile.Read(ref _users);
        set => Volatile.Write(ref _users, value);
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(StartTimestamp);

    /// <summary>
    /// Records one invocation. <paramref name="startTimestamp"/> is when it was sent, or in open-loop mode when it
    /// was meant to be sent, so that a stalled target shows in the latencies (no coordinated omission).
    /// </summary>
    public void Record(long startTimestamp, long endTimestamp, InvocationOutcome outcome)
    {
        var second = (int)((endTimestamp - StartTimestamp) / _time.TimestampFrequency);
        var bucket = _ring[second % RingSize];
        if (second < 0 || bucket.Second != second)
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
        if (Elapsed < TimeSpan.FromSeconds(second + 1) + CollectionGrace)
        {
            return null;
        }

        var slot = second % RingSize;
        var bucket = _ring[slot];
        if (bucket.Second != second)
        {
            throw new InvalidOperationException($"Second {second} was collected already or out of order.");
        }

        bucket.Users = Users;
        Volatile.Write(ref _ring[slot], new SecondBucket(second + RingSize));
        return bucket;
    }
}
