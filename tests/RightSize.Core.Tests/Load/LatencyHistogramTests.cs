using RightSize.Load;

namespace RightSize.Core.Tests.Load;

public sealed class LatencyHistogramTests
{
    private const int Count = 1_000_000;
    private static readonly double[] Percentiles = [50, 90, 95, 99, 99.9, 99.99];

    public static TheoryData<string> Distributions => ["uniform", "exponential", "lognormal", "bimodal"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Percentiles_are_within_one_percent_of_the_exact_ones(string distribution)
    {
        var values = Sample(distribution, Count, seed: 1);
        var histogram = new LatencyHistogram();
        foreach (var v in values)
        {
            histogram.Record(v);
        }

        Array.Sort(values);
        Assert.Equal(Count, histogram.TotalCount);
        Assert.Equal(values[^1], histogram.Max);
        Assert.Equal(values[0], histogram.Min);
        foreach (var p in Percentiles)
        {
            var exact = Exact(values, p);
            var measured = histogram.ValueAtPercentile(p);
            Assert.True(Math.Abs(measured - exact) <= exact * 0.01, $"{distribution} p{p}: {measured} vs exact {exact}");
        }

        Assert.Equal(values[^1], histogram.ValueAtPercentile(100));
    }

    [Fact]
    public void Small_values_are_exact()
    {
        var histogram = new LatencyHistogram();
        for (var v = 0; v < 256; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(127, histogram.ValueAtPercentile(50));
        Assert.Equal(255, histogram.ValueAtPercentile(100));
        Assert.Equal(0, histogram.ValueAtPercentile(0.1));
    }

    [Fact]
    public void Adding_then_subtracting_is_equivalent_to_recording_directly()
    {
        var a = Sample("lognormal", 200_000, seed: 2);
        var b = Sample("bimodal", 200_000, seed: 3);
        var ha = Of(a);
        var hb = Of(b);
        var direct = Of([.. a, .. b]);

        var merged = ha.Clone();
        merged.Add(hb);
        Assert.Equal(direct.TotalCount, merged.TotalCount);
        Assert.Equal(direct.Max, merged.Max);
        Assert.Equal(direct.Min, merged.Min);
        Assert.Equal(direct.Mean, merged.Mean, 6);
        foreach (var p in Percentiles)
        {
            Assert.Equal(direct.ValueAtPercentile(p), merged.ValueAtPercentile(p));
        }

        merged.Subtract(hb);
        Assert.Equal(ha.TotalCount, merged.TotalCount);
        Assert.Equal(ha.Mean, merged.Mean, 6);
        foreach (var p in Percentiles)
        {
            Assert.Equal(ha.ValueAtPercentile(p), merged.ValueAtPercentile(p));
        }

        // Extremes become the bounds of their buckets once exact values are gone.
        Assert.InRange(merged.Max, ha.Max, ha.Max * 1.01);
        Assert.InRange(merged.Min, ha.Min * 0.99, ha.Min);

        merged.Subtract(ha);
        Assert.Equal(0, merged.TotalCount);
        Assert.Equal(0, merged.ValueAtPercentile(99));
    }

    [Fact]
    public void Recording_from_several_threads_counts_exactly()
    {
        var histogram = new LatencyHistogram();
        const int Threads = 4;
        const int PerThread = 250_000;

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                histogram.Record(1_000 + (i % 1_000) + (t * 1_000_000L));
            }
        });

        Assert.Equal(Threads * PerThread, histogram.TotalCount);
        Assert.Equal(1_000, histogram.Min);
        Assert.Equal(((Threads - 1) * 1_000_000L) + 1_999, histogram.Max);
        var expectedMean = 1_499.5 + (1_000_000.0 * (Threads - 1) / 2);
        Assert.Equal(expectedMean, histogram.Mean, 6);
    }

    [Fact]
    public void Every_bucket_bound_maps_back_to_its_bucket_and_buckets_are_narrow()
    {
        for (var i = 0; i < LatencyHistogram.BucketCount; i++)
        {
            var lower = LatencyHistogram.LowerBoundOf(i);
            var upper = LatencyHistogram.LowerBoundOf(i + 1);
            Assert.Equal(i, LatencyHistogram.IndexOf(lower));
            Assert.Equal(i, LatencyHistogram.IndexOf(upper - 1));
            Assert.True(upper > lower);
            Assert.True(i < 256 ? upper - lower == 1 : (upper - lower) / (double)lower <= 1.0 / 128, $"bucket {i}");
        }

        Assert.Equal(LatencyHistogram.BucketCount - 1, LatencyHistogram.IndexOf(LatencyHistogram.HighestTrackableValue));
    }

    [Fact]
    public void Random_values_fall_within_their_bucket()
    {
        var random = new Random(4);
        for (var n = 0; n < 100_000; n++)
        {
            var value = random.NextInt64(0, LatencyHistogram.HighestTrackableValue);
            var index = LatencyHistogram.IndexOf(value);
            Assert.InRange(value, LatencyHistogram.LowerBoundOf(index), LatencyHistogram.LowerBoundOf(index + 1) - 1);
            var midpoint = LatencyHistogram.MidpointOf(index);
            Assert.True(Math.Abs(midpoint - value) <= value * 0.004 + 1, $"{value} -> {midpoint}");
        }
    }

    [Fact]
    public void Out_of_range_values_are_clamped()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        histogram.Record(long.MaxValue);

        Assert.Equal(0, histogram.Min);
        Assert.Equal(LatencyHistogram.HighestTrackableValue, histogram.Max);
        Assert.Equal(2, histogram.TotalCount);
    }

    private static long Exact(long[] sorted, double percentile) =>
        sorted[Math.Max(1, (long)Math.Ceiling(percentile / 100 * sorted.Length)) - 1];

    private static LatencyHistogram Of(long[] values)
    {
        var histogram = new LatencyHistogram();
        foreach (var v in values)
        {
            histogram.Record(v);
        }

        return histogram;
    }

    /// <summary>Latencies in nanoseconds, shaped like real ones: milliseconds with long tails.</summary>
    private static long[] Sample(string distribution, int count, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double Next() => distribution switch
        {
            "uniform" => 1e6 + (random.NextDouble() * 99e6),
            "exponential" => -Math.Log(1 - random.NextDouble()) * 5e6,
            "lognormal" => Math.Exp(Math.Log(10e6) + Normal()),
            "bimodal" => random.NextDouble() < 0.9 ? 2e6 + (Normal() * 0.2e6) : 50e6 + (Normal() * 5e6),
            _ => throw new ArgumentOutOfRangeException(nameof(distribution)),
        };

        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Math.Max(1, (long)Next());
        }

        return values;
    }
}
