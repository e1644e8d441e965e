using RightSize.Load;

namespace RightSize.Core.Tests.Load;

public sealed class PayloadSamplerTests
{
    private static readonly Payload[] Three =
    [
        new("a"u8.ToArray(), "text/csv"),
        new("b"u8.ToArray(), "text/csv"),
        new("c"u8.ToArray(), "text/csv"),
    ];

    [Fact]
    public void A_single_payload_is_always_returned()
    {
        var sampler = new PayloadSampler(Three[0]);

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Same(Three[0], sampler.Next()));
    }

    [Fact]
    public void Several_payloads_are_picked_uniformly_from_many_threads()
    {
        var sampler = new PayloadSampler(Three);
        var counts = new int[3];
        Parallel.For(0, 30_000, _ => Interlocked.Increment(ref counts[Array.IndexOf(Three, sampler.Next())]));

        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
    }

    [Fact]
    public void A_seed_repeats_the_sequence()
    {
        var first = new PayloadSampler(Three, seed: 42);
        var second = new PayloadSampler(Three, seed: 42);

        Assert.Equal(Enumerable.Range(0, 50).Select(_ => first.Next()), Enumerable.Range(0, 50).Select(_ => second.Next()));
    }

    [Fact]
    public void An_empty_list_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PayloadSampler([]));
}
