using RightSize.Load;

namespace RightSize.Core.Tests.Load;

public sealed class SecondMergerTests
{
    [Fact]
    public void A_second_is_handed_out_once_every_generator_sent_it_in_order_of_seconds()
    {
        var merger = new SecondMerger(2);
        Assert.Null(merger.Add(0, Encode(0, 3)));
        Assert.Null(merger.Add(0, Encode(1, 4)));
        Assert.Empty(merger.TakeComplete());

        Assert.Null(merger.Add(1, Encode(0, 5)));
        var first = Assert.Single(merger.TakeComplete());
        Assert.Equal((0, 8L), (first.Second, first.Invocations));

        Assert.Null(merger.Add(1, Encode(1, 1)));
        Assert.Equal(5L, Assert.Single(merger.TakeComplete()).Invocations);
    }

    [Fact]
    public void A_finished_generator_is_not_waited_for_and_gaps_become_empty_seconds()
    {
        var merger = new SecondMerger(2);
        Assert.Null(merger.Add(0, Encode(0, 1)));
        merger.Finish(0);
        Assert.Null(merger.Add(1, Encode(0, 2)));
        Assert.Null(merger.Add(1, Encode(2, 7)));
        merger.Finish(1);

        var seconds = merger.TakeComplete();
        Assert.Equal([0, 1, 2], seconds.Select(s => s.Second));
        Assert.Equal([3L, 0L, 7L], seconds.Select(s => s.Invocations));
        Assert.Equal([1, 2], merger.Received);
    }

    [Fact]
    public void Repeated_late_or_corrupt_seconds_are_refused_with_the_generator_named()
    {
        var merger = new SecondMerger(2);
        Assert.Null(merger.Add(0, Encode(0, 1)));
        Assert.Equal("generators[0].second", merger.Add(0, Encode(0, 1))?.Path);
        Assert.Equal("generators[1].second", merger.Add(1, [1, 0x80])?.Path);
        var truncated = Encode(0, 1);
        Assert.StartsWith("generators[1].", merger.Add(1, truncated.AsSpan(0, truncated.Length - 1))?.Path, StringComparison.Ordinal);

        Assert.Null(merger.Add(1, Encode(0, 1)));
        Assert.Equal(2L, Assert.Single(merger.TakeComplete()).Invocations);
        Assert.Equal("generators[1].second", merger.Add(1, Encode(0, 1))?.Path);
    }

    [Fact]
    public void TakeAll_hands_out_incomplete_seconds_when_a_generator_is_lost()
    {
        var merger = new SecondMerger(3);
        Assert.Null(merger.Add(0, Encode(0, 2)));
        Assert.Null(merger.Add(1, Encode(0, 2)));
        Assert.Empty(merger.TakeComplete());
        Assert.Equal(4L, Assert.Single(merger.TakeAll()).Invocations);
    }

    private static byte[] Encode(int second, int successes)
    {
        var bucket = new SecondBucket(second);
        for (var i = 0; i < successes; i++)
        {
            bucket.Record(1_000_000 + i, InvocationOutcome.Success);
        }

        return SecondBucketCodec.Encode(bucket);
    }
}
