using System.Numerics;
using System.Runtime.CompilerServices;

namespace RightSize.Load;

/// <summary>
/// A log-linear latency histogram of HdrHistogram's class: values below 256 ns are exact, above that each power of two
/// is split into 128 linear buckets, so any percentile is within 0.4% of the true value (bucket midpoints).
/// Recording is lock-free and safe from many threads; histograms add and subtract, so windows merge cheaply.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBuckets = 1 << SubBucketBits;          // 128 linear buckets per octave
    private const int ExactLimit = SubBuckets * 2;                // values below 256 are their own bucket
    private const int MaxExponent = 40;                           // 2^40 ns is about 18 minutes
    internal const int BucketCount = ExactLimit + ((MaxExponent - 8) * SubBuckets);

    /// <summary>The largest value recorded as itself; larger values are clamped to it.</summary>
    public const long HighestTrackableValue = (1L << MaxExponent) - 1;

    private readonly long[] _counts = new long[BucketCount];
    private long _totalCount;
    private long _max;
    private long _min = long.MaxValue;
    private long _sum;

    public long TotalCount => Volatile.Read(ref _totalCount);

    /// <summary>The exact largest value recorded, in nanoseconds (0 when empty).</summary>
    public long Max => Volatile.Read(ref _max);

    /// <summary>The exact smallest value recorded, in nanoseconds (0 when empty).</summary>
    public long Min => TotalCount == 0 ? 0 : Volatile.Read(ref _min);

    public double Mean => TotalCount == 0 ? 0 : (double)Volatile.Read(ref _sum) / TotalCount;

    /// <summary>Records one value in nanoseconds. Negative values count as 0; huge ones are clamped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(long nanoseconds)
    {
        var value = Math.Clamp(nanoseconds, 0, HighestTrackableValue);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _totalCount);
        Interlocked.Add(ref _sum, value);
        // Max and min change rarely once warm, so the compare-exchange loops almost never run.
        long seen;
        while (value > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, value, seen) != seen)
        {
        }

        while (value < (seen = Volatile.Read(ref _min)) && Interlocked.CompareExchange(ref _min, value, seen) != seen)
        {
        }
    }

    /// <summary>
    /// The value at a percentile (0-100], in nanoseconds: the midpoint of the bucket holding that rank (the exact
    /// maximum for the top rank).
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100.0);
        var total = TotalCount;
        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        if (rank >= total)
        {
            // The top rank is the largest value, known exactly.
            return Max;
        }

        long cumulative = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            cumulative += Volatile.Read(ref _counts[i]);
            if (cumulative >= rank)
            {
                return Math.Clamp(MidpointOf(i), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>Adds every count of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            var c = Volatile.Read(ref other._counts[i]);
            if (c != 0)
            {
                _counts[i] += c;
            }
        }

        _totalCount += other.TotalCount;
        _sum += Volatile.Read(ref other._sum);
        if (other.TotalCount > 0)
        {
            _max = Math.Max(_max, other.Max);
            _min = Math.Min(_min, other.Min);
        }
    }

    /// <summary>
    /// Removes the counts of <paramref name="other"/>, which must have been added before (a sliding window dropping
    /// its oldest second). Max and min become bucket bounds of what remains, as exact values cannot be recovered.
    /// </summary>
    public void Subtract(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            var c = Volatile.Read(ref other._counts[i]);
            if (c != 0)
            {
                _counts[i] -= c;
            }
        }

        _totalCount -= other.TotalCount;
        _sum -= Volatile.Read(ref other._sum);
        RecomputeExtremes();
    }

    public void Reset()
    {
        Array.Clear(_counts);
        _totalCount = 0;
        _sum = 0;
        _max = 0;
        _min = long.MaxValue;
    }

    public LatencyHistogram Clone()
    {
        var copy = new LatencyHistogram();
        copy.Add(this);
        return copy;
    }

    /// <summary>The sum of every recorded value, in nanoseconds (for exact merging: the mean is sum / count).</summary>
    internal long Sum => Volatile.Read(ref _sum);

    /// <summary>The count of bucket <paramref name="index"/> (0 to <see cref="BucketCount"/> - 1).</summary>
    internal long CountAt(int index) => Volatile.Read(ref _counts[index]);

    /// <summary>
    /// Adds a histogram known only by its parts (decoded from another process by <see cref="SecondBucketCodec"/>), as
    /// <see cref="Add"/> adds a histogram: call <see cref="AddToBucket"/> for each bucket, then this once. The caller
    /// has checked that the parts agree (counts sum to <paramref name="count"/>, min and max in the first and last bucket).
    /// </summary>
    internal void AddSummary(long count, long sum, long min, long max)
    {
        _totalCount += count;
        _sum += sum;
        if (count > 0)
        {
            _max = Math.Max(_max, max);
            _min = Math.Min(_min, min);
        }
    }

    /// <summary>Adds <paramref name="count"/> to bucket <paramref name="index"/> (see <see cref="AddSummary"/>).</summary>
    internal void AddToBucket(int index, long count) => _counts[index] += count;

    /// <summary>The non-empty buckets as (midpoint in nanoseconds, count): how telemetry exports a second's latencies.</summary>
    internal IEnumerable<(long Nanoseconds, long Count)> Buckets()
    {
        for (var i = 0; i < BucketCount; i++)
        {
            var count = Volatile.Read(ref _counts[i]);
            if (count > 0)
            {
                yield return (MidpointOf(i), count);
            }
        }
    }

    internal static int IndexOf(long value)
    {
        if (value < ExactLimit)
        {
            return (int)value;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = exponent - SubBucketBits;
        var sub = (int)(value >> shift) - SubBuckets;
        return ExactLimit + ((exponent - 8) * SubBuckets) + sub;
    }

    internal static long LowerBoundOf(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var k = index - ExactLimit;
        var exponent = 8 + (k / SubBuckets);
        var shift = exponent - SubBucketBits;
        return (long)(SubBuckets + (k % SubBuckets)) << shift;
    }

    internal static long MidpointOf(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var width = LowerBoundOf(index + 1) - LowerBoundOf(index);
        return LowerBoundOf(index) + (width / 2);
    }

    private void RecomputeExtremes()
    {
        _max = 0;
        _min = long.MaxValue;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                _min = Math.Min(_min, LowerBoundOf(i));
                _max = Math.Max(_max, i + 1 < BucketCount ? LowerBoundOf(i + 1) - 1 : HighestTrackableValue);
            }
        }
    }
}
