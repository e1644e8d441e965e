using BenchmarkDotNet.Attributes;
using RightSize.Load;

namespace RightSize.Benchmarks.Load;

/// <summary>
/// The latency histogram on the load path (issue #6 goal 6): recording one latency (goal 20 ns or less), reading a
/// percentile, and sliding a window by one second (add the newest second, subtract the oldest), as
/// <c>WindowAggregator</c> does once a second. Run by bench/histogram/run.sh.
/// </summary>
[MemoryDiagnoser]
public class LatencyHistogramBenchmarks
{
    // Recorded per invocation of Record: enough for the loop's own cost to vanish, few enough to stay in L1.
    private const int Values = 4096;

    private readonly long[] _values = new long[Values];
    private readonly LatencyHistogram _recording = new();
    private readonly LatencyHistogram _window = new();
    private readonly LatencyHistogram _second = new();

    [GlobalSetup]
    public void Setup()
    {
        // Log-normal latencies around 10 ms with a long tail, as real ones: they spread over many buckets, so the
        // record loop does not hit one cache line only.
        var random = new Random(1);
        for (var i = 0; i < Values; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            _values[i] = (long)Math.Exp(Math.Log(10e6) + normal);
        }

        // A 60 s window at 10,000 requests/s, and one second of it.
        for (var i = 0; i < 600_000; i++)
        {
            _window.Record(_values[i % Values]);
        }

        for (var i = 0; i < 10_000; i++)
        {
            _second.Record(_values[(i * 7) % Values]);
        }
    }

    /// <summary>One <see cref="LatencyHistogram.Record"/> (per value: the benchmark records 4,096 per invocation).</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    public void Record()
    {
        var histogram = _recording;
        foreach (var value in _values)
        {
            histogram.Record(value);
        }
    }

    /// <summary>P99 of a full 60 s window: a pass over the buckets up to the 99th percentile's.</summary>
    [Benchmark]
    public long PercentileP99() => _window.ValueAtPercentile(99);

    /// <summary>Sliding a window by one second: add the newest second, subtract the oldest (here the same one).</summary>
    [Benchmark]
    public long SlideWindow()
    {
        _window.Add(_second);
        _window.Subtract(_second);
        return _window.TotalCount;
    }
}
