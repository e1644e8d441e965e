using System.Buffers;

namespace RightSize.Load;

/// <summary>
/// A compact, exact encoding of one <see cref="SecondBucket"/>, so generators on other hosts can send their seconds
/// to one coordinator that merges them (issue #12). Decoding the bytes and adding them gives the same bucket as adding
/// the original: counts, users and user-seconds add, and the latency histogram's buckets, count, sum, min and max are
/// exactly those of one histogram of all samples.
/// </summary>
/// <remarks>
/// Layout: a version byte, then unsigned varints (<see cref="Varint"/>): second, users, user-seconds (an 8-byte
/// double), success, client errors, server errors, timeouts, connection errors, latency sum, min and max (only when
/// success is above 0), the number of non-empty latency buckets, then each as (index minus the previous index,
/// count). A second at 10,000 requests/s over a few milliseconds of spread is a few hundred bytes.
/// </remarks>
public static class SecondBucketCodec
{
    public const byte Version = 1;

    private static readonly string[] CountNames = ["success", "client_errors", "server_errors", "timeouts", "connection_errors"];

    public static byte[] Encode(SecondBucket bucket)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        Encode(bucket, writer);
        return writer.WrittenSpan.ToArray();
    }

    public static void Encode(SecondBucket bucket, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(writer);
        writer.GetSpan(1)[0] = Version;
        writer.Advance(1);
        Varint.Write(writer, (ulong)bucket.Second);
        Varint.Write(writer, (ulong)bucket.Users);
        Varint.WriteDouble(writer, bucket.UserSeconds);
        foreach (var count in (ReadOnlySpan<long>)[bucket.Success, bucket.ClientErrors, bucket.ServerErrors, bucket.Timeouts, bucket.ConnectionErrors])
        {
            Varint.Write(writer, (ulong)count);
        }

        var latency = bucket.Latency;
        Varint.Write(writer, (ulong)latency.Sum);
        if (bucket.Success > 0)
        {
            Varint.Write(writer, (ulong)latency.Min);
            Varint.Write(writer, (ulong)latency.Max);
        }

        var nonEmpty = 0;
        for (var i = 0; i < LatencyHistogram.BucketCount; i++)
        {
            nonEmpty += latency.CountAt(i) > 0 ? 1 : 0;
        }

        Varint.Write(writer, (ulong)nonEmpty);
        var previous = -1;
        for (var i = 0; i < LatencyHistogram.BucketCount; i++)
        {
            if (latency.CountAt(i) is var count and > 0)
            {
                Varint.Write(writer, (ulong)(i - previous));
                Varint.Write(writer, (ulong)count);
                previous = i;
            }
        }
    }

    /// <summary>The bucket the bytes hold, or the first thing wrong with them (named by field).</summary>
    public static Result<SecondBucket> Decode(ReadOnlySpan<byte> data)
    {
        if (Read(data, null, out var second) is { } error)
        {
            return Result<SecondBucket>.Failure([error]);
        }

        var bucket = new SecondBucket(second);
        Read(data, bucket, out _);
        return Result<SecondBucket>.Success(bucket);
    }

    /// <summary>
    /// Adds the bucket the bytes hold to <paramref name="target"/> (which must hold the same second) without decoding
    /// it into a bucket of its own; null on success. Bad bytes leave <paramref name="target"/> untouched.
    /// </summary>
    public static ValidationError? MergeInto(ReadOnlySpan<byte> data, SecondBucket target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Read(data, null, out var second) is { } error)
        {
            return error;
        }

        if (second != target.Second)
        {
            return new ValidationError("second", $"is {second}, but the bucket it was merged into holds second {target.Second}");
        }

        Read(data, target, out _);
        return null;
    }

    /// <summary>The second the bytes hold, read from their header only; null when the header is bad.</summary>
    public static int? PeekSecond(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || data[0] != Version)
        {
            return null;
        }

        var reader = new VarintReader(data[1..]);
        var second = (int)reader.Read(int.MaxValue);
        return reader.Failed ? null : second;
    }

    /// <summary>Checks the bytes (target null), or, once checked, adds them to <paramref name="target"/>.</summary>
    private static ValidationError? Read(ReadOnlySpan<byte> data, SecondBucket? target, out int second)
    {
        second = 0;
        if (data.IsEmpty || data[0] != Version)
        {
            return new ValidationError("version", data.IsEmpty
                ? "missing: the bucket is empty"
                : $"is {data[0]}, but this RightSize reads version {Version}: run the same RightSize version on every agent");
        }

        var reader = new VarintReader(data[1..]);
        second = (int)reader.Read(int.MaxValue);
        var users = (int)reader.Read(int.MaxValue);
        var userSeconds = reader.ReadDouble();
        if (reader.Failed)
        {
            return Truncated("second, users or user_seconds");
        }

        if (!double.IsFinite(userSeconds) || userSeconds < 0)
        {
            return new ValidationError("user_seconds", $"is {userSeconds}; it must be a finite number of at least 0");
        }

        Span<long> counts = stackalloc long[CountNames.Length];
        for (var k = 0; k < counts.Length; k++)
        {
            counts[k] = reader.Read(long.MaxValue);
            if (reader.Failed)
            {
                return Truncated(CountNames[k]);
            }
        }

        var sum = reader.Read(long.MaxValue);
        var (min, max) = counts[0] > 0
            ? (reader.Read(LatencyHistogram.HighestTrackableValue), reader.Read(LatencyHistogram.HighestTrackableValue))
            : (0, 0);
        var buckets = reader.Read(LatencyHistogram.BucketCount);
        if (reader.Failed)
        {
            return Truncated("latency");
        }

        if (min > max)
        {
            return new ValidationError("latency.min", $"is {min}, above latency.max {max}");
        }

        long index = -1;
        long total = 0;
        for (var i = 0; i < buckets; i++)
        {
            var delta = reader.Read(LatencyHistogram.BucketCount);
            var count = reader.Read(long.MaxValue);
            if (reader.Failed)
            {
                return Truncated($"latency.buckets[{i}]");
            }

            index += delta;
            if (delta == 0 || index >= LatencyHistogram.BucketCount || count == 0)
            {
                return new ValidationError($"latency.buckets[{i}]", $"index {index} (after {index - delta}) and count {count}: indexes must rise below {LatencyHistogram.BucketCount} and counts be above 0");
            }

            if (i == 0 && LatencyHistogram.IndexOf(min) != index)
            {
                return new ValidationError("latency.min", $"{min} ns is not in the first non-empty bucket ({index})");
            }

            total += count;
            if (total < 0)
            {
                return new ValidationError($"latency.buckets[{i}].count", "the counts overflow");
            }

            target?.Latency.AddToBucket((int)index, count);
        }

        if (buckets > 0 && LatencyHistogram.IndexOf(max) != index)
        {
            return new ValidationError("latency.max", $"{max} ns is not in the last non-empty bucket ({index})");
        }

        if (total != counts[0] || (total == 0 && sum != 0))
        {
            return new ValidationError("latency", $"holds {total} latencies summing to {sum} ns, but success is {counts[0]}: every success has one latency");
        }

        if (!reader.AtEnd)
        {
            return new ValidationError("latency.buckets", $"{data.Length - 1 - reader.Position} bytes follow the last of {buckets} buckets");
        }

        if (target is not null)
        {
            target.Latency.AddSummary(total, sum, min, max);
            target.AddCounts(counts[0], counts[1], counts[2], counts[3], counts[4]);
            target.AddUsers(users, userSeconds);
        }

        return null;
    }

    private static ValidationError Truncated(string field) =>
        new(field, "truncated or not a varint: the bucket was cut short or is not a RightSize bucket");
}
