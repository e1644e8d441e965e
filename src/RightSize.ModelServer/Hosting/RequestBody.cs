using System.Buffers;
using System.IO.Pipelines;

namespace RightSize.ModelServer.Hosting;

/// <summary>
/// Buffers the whole request body in Kestrel's pipe, without copying it out, up to SageMaker's 6 MB payload limit.
/// Oversized bodies are read and discarded (up to Kestrel's hard cap, <see cref="DrainLimitBytes"/>) before the 413, so
/// that clients which send the whole body before reading the response get the message instead of a broken pipe.
/// </summary>
internal static class RequestBody
{
    /// <summary>SageMaker's payload limit for real-time endpoints.</summary>
    public const int MaxBytes = 6 * 1024 * 1024;

    /// <summary>Kestrel's limit: beyond it the connection is closed rather than drained.</summary>
    public const int DrainLimitBytes = 4 * MaxBytes;

    public const string TooLargeMessage =
        "the request body is larger than 6 MB, SageMaker's payload limit; send fewer rows per request";

    /// <summary>
    /// Returns the complete body, after which the caller must call <c>reader.AdvanceTo(body.End)</c>; or null when it
    /// is over <see cref="MaxBytes"/> (then it has been consumed).
    /// </summary>
    public static async ValueTask<ReadOnlySequence<byte>?> ReadToEndAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.Buffer.Length > MaxBytes)
            {
                reader.AdvanceTo(result.Buffer.End);
                await DrainAsync(reader, cancellationToken);
                return null;
            }

            if (result.IsCompleted)
            {
                return result.Buffer;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>
    /// The body as one span: Kestrel hands large bodies over in several segments, which are then copied into
    /// <paramref name="copy"/>, a pooled array the caller returns to <see cref="ArrayPool{T}.Shared"/>.
    /// </summary>
    public static ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> body, out byte[]? copy)
    {
        if (body.IsSingleSegment)
        {
            copy = null;
            return body.FirstSpan;
        }

        copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
        body.CopyTo(copy);
        return copy.AsSpan(0, (int)body.Length);
    }

    public static async Task DrainAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }
}
