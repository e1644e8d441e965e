namespace RightSize.Generative;

/// <summary>Live counters of a running pass, safe to read from another thread (for a progress display).</summary>
public sealed class StreamLoadProgress
{
    private long _sent;
    private long _completed;
    private long _failed;
    private long _outputTokens;

    public long Sent => Interlocked.Read(ref _sent);

    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    public long InFlight => Sent - Completed - Failed;

    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    internal void OnSent() => Interlocked.Increment(ref _sent);

    internal void OnDone(StreamRecord record)
    {
        if (record.Succeeded)
        {
            Interlocked.Add(ref _outputTokens, record.OutputTokens);
            Interlocked.Increment(ref _completed);
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
