namespace RightSize.Load;

/// <summary>What completed during one second of a test: outcome counts and the latencies of successful invocations.</summary>
public sealed class SecondBucket
{
    private long _success;
    private long _clientErrors;
    private long _serverErrors;
    private long _timeouts;
    private long _connectionErrors;

    public SecondBucket(int second) => Second = second;

    /// <summary>Seconds since the test started: this bucket covers [Second, Second + 1).</summary>
    public int Second { get; }

    /// <summary>Latencies (nanoseconds) of successful invocations only, as SageMaker's ModelLatency.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Users running at the end of the second (the engine's count; see <see cref="LoadRecorder.Users"/>).</summary>
    public int Users { get; internal set; }

    /// <summary>Users integrated over the second (a user running for half of it counts 0.5): the second's mean users.</summary>
    public double UserSeconds { get; internal set; }

    public long Success => Volatile.Read(ref _success);
    public long ClientErrors => Volatile.Read(ref _clientErrors);
    public long ServerErrors => Volatile.Read(ref _serverErrors);
    public long Timeouts => Volatile.Read(ref _timeouts);
    public long ConnectionErrors => Volatile.Read(ref _connectionErrors);
    public long Failures => ClientErrors + ServerErrors + Timeouts + ConnectionErrors;
    public long Invocations => Success + Failures;

    /// <summary>
    /// Adds what <paramref name="other"/> holds for the same second (another generator's share of a test): counts,
    /// users and user-seconds add, and the latency histogram becomes exactly the one of both generators' samples.
    /// </summary>
    public void Add(SecondBucket other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Second != Second)
        {
            throw new ArgumentException($"Second {other.Second} cannot be added to second {Second}.", nameof(other));
        }

        Latency.Add(other.Latency);
        AddCounts(other.Success, other.ClientErrors, other.ServerErrors, other.Timeouts, other.ConnectionErrors);
        AddUsers(other.Users, other.UserSeconds);
    }

    internal void AddCounts(long success, long clientErrors, long serverErrors, long timeouts, long connectionErrors)
    {
        Interlocked.Add(ref _success, success);
        Interlocked.Add(ref _clientErrors, clientErrors);
        Interlocked.Add(ref _serverErrors, serverErrors);
        Interlocked.Add(ref _timeouts, timeouts);
        Interlocked.Add(ref _connectionErrors, connectionErrors);
    }

    internal void AddUsers(int users, double userSeconds)
    {
        Users += users;
        UserSeconds += userSeconds;
    }

    internal void Record(long latencyNanoseconds, InvocationOutcome outcome)
    {
        switch (outcome)
        {
            case InvocationOutcome.Success:
                Latency.Record(latencyNanoseconds);
                Interlocked.Increment(ref _success);
                break;
            case InvocationOutcome.ClientError:
                Interlocked.Increment(ref _clientErrors);
                break;
            case InvocationOutcome.ServerError:
                Interlocked.Increment(ref _serverErrors);
                break;
            case InvocationOutcome.Timeout:
                Interlocked.Increment(ref _timeouts);
                break;
            default:
                Interlocked.Increment(ref _connectionErrors);
                break;
        }
    }
}
