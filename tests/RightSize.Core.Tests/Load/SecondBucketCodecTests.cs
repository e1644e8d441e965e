using Microsoft.Extensions.Time.Testing;
using RightSize.Load;

namespace RightSize.Core.Tests.Load;

public sealed class SecondBucketCodecTests
{
    private static readonly double[] Percentiles = [50, 90, 95, 99, 99.9, 100];

    [Fact]
    public void A_bucket_round_trips_to_the_same_counts_histogram_and_bytes()
    {
        var bucket = Sample(second: 7, count: 20_000, seed: 1);
        bucket.Users = 12;
        bucket.UserSeconds = 11.25;

        var bytes = SecondBucketCodec.Encode(bucket);
        var decoded = SecondBucketCodec.Decode(bytes);

        Assert.True(decoded.Succeeded, string.Join("; ", decoded.Errors));
        var copy = decoded.Value;
        Assert.Equal((7, 12, 11.25), (copy.Second, copy.Users, copy.UserSeconds));
        Assert.Equal(
            (bucket.Success, bucket.ClientErrors, bucket.ServerErrors, bucket.Timeouts, bucket.ConnectionErrors),
            (copy.Success, copy.ClientErrors, copy.ServerErrors, copy.Timeouts, copy.ConnectionErrors));
        Assert.Equal((bucket.Latency.TotalCount, bucket.Latency.Min, bucket.Latency.Max, bucket.Latency.Mean),
            (copy.Latency.TotalCount, copy.Latency.Min, copy.Latency.Max, copy.Latency.Mean));
        Assert.Equal(bytes, SecondBucketCodec.Encode(copy));
        // Sparse: far smaller than the histogram's 4,352 counters.
        Assert.True(bytes.Length < 2_000, $"{bytes.Length} bytes");
    }

    [Fact]
    public void An_empty_second_round_trips()
    {
        var bytes = SecondBucketCodec.Encode(new SecondBucket(0));
        var decoded = SecondBucketCodec.Decode(bytes).Value!;
        Assert.Equal((0L, 0L, 0L), (decoded.Invocations, decoded.Latency.TotalCount, decoded.Latency.Max));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(16)]
    public void Merging_a_load_split_across_generators_equals_one_recorder_bit_for_bit(int generators)
    {
        var time = new FakeTimeProvider();
        var whole = new LoadRecorder(time);
        var parts = Enumerable.Range(0, generators).Select(_ => new LoadRecorder(time)).ToArray();
        whole.Users = generators * 4;
        foreach (var part in parts)
        {
            part.Users = 4;
        }

        var random = new Random(generators);
        const int Seconds = 3;
        for (var i = 0; i < 30_000; i++)
        {
            // Completions spread over the seconds; each sample goes to the whole and to one generator.
            time.Advance(TimeSpan.FromSeconds(Seconds / 30_000.0));
            var end = time.GetTimestamp();
            var start = end - (long)(LogNormal(random) * time.TimestampFrequency);
            var outcome = random.Next(50) == 0 ? InvocationOutcome.ServerError : InvocationOutcome.Success;
            whole.Record(start, end, outcome);
            parts[random.Next(generators)].Record(start, end, outcome);
        }

        time.Advance(TimeSpan.FromSeconds(2));
        for (var s = 0; s < Seconds; s++)
        {
            var expected = whole.Collect(s);
            var merged = new SecondBucket(s);
            foreach (var part in parts)
            {
                Assert.Null(SecondBucketCodec.MergeInto(SecondBucketCodec.Encode(part.Collect(s)), merged));
            }

            Assert.Equal(SecondBucketCodec.Encode(expected), SecondBucketCodec.Encode(merged));
            Assert.Equal(expected.Invocations, merged.Invocations);
            foreach (var p in Percentiles)
            {
                Assert.Equal(expected.Latency.ValueAtPercentile(p), merged.Latency.ValueAtPercentile(p));
            }
        }
    }

    [Fact]
    public void Every_truncation_is_an_error_value_and_leaves_the_target_untouched()
    {
        var bytes = SecondBucketCodec.Encode(Sample(second: 2, count: 5_000, seed: 2));
        var target = new SecondBucket(2);
        for (var length = 0; length < bytes.Length; length++)
        {
            var result = SecondBucketCodec.Decode(bytes.AsSpan(0, length));
            Assert.False(result.Succeeded, $"a bucket cut to {length} of {bytes.Length} bytes decoded");
            Assert.NotNull(SecondBucketCodec.MergeInto(bytes.AsSpan(0, length), target));
        }

        Assert.Equal((0L, 0L), (target.Invocations, target.Latency.TotalCount));
    }

    [Fact]
    public void Corrupt_bytes_never_throw()
    {
        var bytes = SecondBucketCodec.Encode(Sample(second: 1, count: 5_000, seed: 3));
        var random = new Random(3);
        var failures = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[random.Next(corrupt.Length)] ^= (byte)(1 << random.Next(8));
            var result = SecondBucketCodec.Decode(corrupt);
            failures += result.Succeeded ? 0 : 1;
            if (result.Succeeded)
            {
                // A flip that still decodes (a count, the users) is a different but self-consistent bucket.
                Assert.Equal(result.Value.Success, result.Value.Latency.TotalCount);
            }
        }

        Assert.True(failures > 0);
    }

    [Fact]
    public void Errors_name_the_field()
    {
        var bytes = SecondBucketCodec.Encode(Sample(second: 4, count: 100, seed: 4));

        var otherVersion = (byte[])bytes.Clone();
        otherVersion[0] = 9;
        Assert.Equal("version", SecondBucketCodec.Decode(otherVersion).Errors.Single().Path);
        Assert.Equal("latency.buckets", SecondBucketCodec.Decode([.. bytes, 0]).Errors.Single().Path);
        Assert.Equal("version", SecondBucketCodec.Decode([]).Errors.Single().Path);

        var otherSecond = new SecondBucket(5);
        Assert.Equal("second", SecondBucketCodec.MergeInto(bytes, otherSecond)?.Path);
        Assert.Equal(0, otherSecond.Invocations);
    }

    [Fact]
    public void Adding_a_bucket_of_another_second_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SecondBucket(1).Add(new SecondBucket(2)));
    }

    private static SecondBucket Sample(int second, int count, int seed)
    {
        var random = new Random(seed);
        var bucket = new SecondBucket(second);
        var outcomes = Enum.GetValues<InvocationOutcome>();
        for (var i = 0; i < count; i++)
        {
            var outcome = random.Next(20) == 0 ? outcomes[random.Next(outcomes.Length)] : InvocationOutcome.Success;
            bucket.Record((long)(LogNormal(random) * 1e9), outcome);
        }

        return bucket;
    }

    // Latencies around 10 ms with a long tail, in seconds.
    private static double LogNormal(Random random)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Exp(Math.Log(0.01) + (0.5 * normal));
    }
}
