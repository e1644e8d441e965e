using RightSize.Load;

namespace RightSize.Windows;

/// <summary>
/// Turns the stream of per-second buckets into sliding windows: each new second enters, the oldest leaves, and the
/// merged histogram is kept by adding and subtracting, so evaluating every second costs one pass over the buckets.
/// </summary>
public sealed class WindowAggregator
{
    private readonly Queue<(SecondBucket Bucket, ResourceSample Resources)> _seconds = new();
    private readonly LatencyHistogram _latency = new();
    private long _invocations;
    private long _clientErrors;
    private long _serverErrors;
    private long _timeouts;
    private long _connectionErrors;

    public WindowAggregator(int windowSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSeconds);
        WindowSeconds = windowSeconds;
    }

    public int WindowSeconds { get; }

    /// <summary>Adds the next second (in order) and returns the window that ends with it.</summary>
    public WindowStats Add(SecondBucket bucket, ResourceSample resources)
    {
        _seconds.Enqueue((bucket, resources));
        Apply(bucket, +1);
        if (_seconds.Count > WindowSeconds)
        {
            var (oldest, _) = _seconds.Dequeue();
            Apply(oldest, -1);
            _latency.Subtract(oldest.Latency);
        }

        _latency.Add(bucket.Latency);
        var (meanUsers, fewestUsers, mostUsers) = UsersOverWindow();
        return new WindowStats
        {
            EndSecond = bucket.Second + 1,
            LengthSeconds = _seconds.Count,
            IsFull = _seconds.Count == WindowSeconds,
            Users = bucket.Users,
            MeanUsers = meanUsers,
            FewestUsers = fewestUsers,
            MostUsers = mostUsers,
            Invocations = _invocations,
            ClientErrors = _clientErrors,
            ServerErrors = _serverErrors,
            Timeouts = _timeouts,
            ConnectionErrors = _connectionErrors,
            P50Ms = Milliseconds(50),
            P90Ms = Milliseconds(90),
            P95Ms = Milliseconds(95),
            P99Ms = Milliseconds(99),
            P999Ms = Milliseconds(99.9),
            MaxMs = _latency.Max / 1e6,
            CpuUtilization = Average(static r => r.CpuUtilization),
            MemoryUtilization = Average(static r => r.MemoryUtilization),
        };
    }

    private void Apply(SecondBucket bucket, int sign)
    {
        _invocations += sign * bucket.Invocations;
        _clientErrors += sign * bucket.ClientErrors;
        _serverErrors += sign * bucket.ServerErrors;
        _timeouts += sign * bucket.Timeouts;
        _connectionErrors += sign * bucket.ConnectionErrors;
    }

    // Summed afresh (at most one window of seconds), so adding and subtracting never drifts the mean.
    private (double Mean, double Fewest, double Most) UsersOverWindow()
    {
        double sum = 0, fewest = double.MaxValue, most = 0;
        foreach (var (bucket, _) in _seconds)
        {
            sum += bucket.UserSeconds;
            fewest = Math.Min(fewest, bucket.UserSeconds);
            most = Math.Max(most, bucket.UserSeconds);
        }

        return (sum / _seconds.Count, fewest, most);
    }

    private double Milliseconds(double percentile) => _latency.ValueAtPercentile(percentile) / 1e6;

    // Seconds the provider could not measure are left out; a window with none measured stays NaN.
    private double Average(Func<ResourceSample, double> select)
    {
        double sum = 0;
        var n = 0;
        foreach (var (_, resources) in _seconds)
        {
            var v = select(resources);
            if (!double.IsNaN(v))
            {
                sum += v;
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }
}
