namespace RightSize.Load;

/// <summary>
/// The coordinator's side of a fleet load: merges the encoded seconds of <see cref="Generators"/> generators, keyed by
/// second index since the shared start (so clock offsets between hosts do not shift them), and hands out each merged
/// second, in order, once every generator has sent it or finished. Not thread-safe: one consumer feeds it.
/// </summary>
public sealed class SecondMerger
{
    private readonly SortedDictionary<int, Pending> _pending = [];
    private readonly bool[] _done;
    private readonly int[] _received;
    private int _next;

    public SecondMerger(int generators)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(generators);
        Generators = generators;
        _done = new bool[generators];
        _received = new int[generators];
    }

    public int Generators { get; }

    /// <summary>Seconds each generator has sent so far.</summary>
    public IReadOnlyList<int> Received => _received;

    /// <summary>Merges one generator's encoded second; an error value (naming the generator) for bad or repeated bytes.</summary>
    public ValidationError? Add(int generator, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(generator);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(generator, Generators);
        var path = $"generators[{generator}]";
        if (SecondBucketCodec.PeekSecond(data) is not { } second)
        {
            return new ValidationError(path + ".second", "not a RightSize bucket (bad version or header)");
        }

        if (second < _next)
        {
            return new ValidationError(path + ".second", $"second {second} came after it was merged and handed out (at {_next})");
        }

        if (!_pending.TryGetValue(second, out var pending))
        {
            pending = new Pending(new SecondBucket(second), new bool[Generators]);
            _pending.Add(second, pending);
        }

        if (pending.From[generator])
        {
            return new ValidationError(path + ".second", $"second {second} was sent twice");
        }

        if (SecondBucketCodec.MergeInto(data, pending.Bucket) is { } error)
        {
            return error with { Path = $"{path}.{error.Path}" };
        }

        pending.From[generator] = true;
        _received[generator]++;
        return null;
    }

    /// <summary>The generator has sent its last second: later seconds no longer wait for it.</summary>
    public void Finish(int generator) => _done[generator] = true;

    /// <summary>
    /// The merged seconds every generator has sent (or finished before), in order from the last one handed out; a
    /// second nobody sent is an empty bucket, so the stream has no gaps.
    /// </summary>
    public IReadOnlyList<SecondBucket> TakeComplete() => Take(all: false);

    /// <summary>Every second still pending, complete or not (the load is over, or generators were lost).</summary>
    public IReadOnlyList<SecondBucket> TakeAll() => Take(all: true);

    private List<SecondBucket> Take(bool all)
    {
        var taken = new List<SecondBucket>();
        while (_pending.Count > 0)
        {
            var (second, pending) = _pending.First();
            if (second > _next)
            {
                // A second nobody has sent yet: complete (empty) once every generator moved past it or finished.
                if (!all && !Enumerable.Range(0, Generators).All(g => _done[g] || MovedPast(g, _next)))
                {
                    break;
                }

                taken.Add(new SecondBucket(_next++));
                continue;
            }

            if (!all && !Enumerable.Range(0, Generators).All(g => pending.From[g] || _done[g]))
            {
                break;
            }

            _pending.Remove(second);
            taken.Add(pending.Bucket);
            _next++;
        }

        return taken;
    }

    // Generators send their seconds in order, so one that sent a later second has nothing more for this one.
    private bool MovedPast(int generator, int second) => _pending.Any(p => p.Key > second && p.Value.From[generator]);

    private sealed record Pending(SecondBucket Bucket, bool[] From);
}
