using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace RightSize.Load.Http;

/// <summary>
/// Follows one HTTP/1.x response through the bytes fed to it, by whatever pieces they arrive: the head (interim 1xx
/// responses skipped), then a body framed by Content-Length, by chunks (extensions and trailers allowed), or by the
/// connection's close. It keeps only the status and framing, never the body, and allocates nothing; a caller that wants
/// the body is handed its bytes as they pass (<see cref="IHttp1BodyReader"/>). Malformed input throws
/// <see cref="IOException"/>.
/// </summary>
internal struct Http1ResponseParser
{
    private State _state;
    private bool _headRequest;
    private long _remaining;
    private Http1Head _head;

    private enum State
    {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        Trailers,
        UntilClose,
        Done,
    }

    public readonly bool IsDone => _state == State.Done;

    /// <summary>Body bytes still expected when the body's length is known, else 0: a hint for the receive size.</summary>
    public readonly long BodyBytesExpected => _state is State.Body or State.ChunkData ? _remaining : 0;

    /// <summary>The final response, once <see cref="IsDone"/>: its status and whether the connection can be reused.</summary>
    public readonly Http1Response Response => new(_head.Status, _head.KeepAlive && _state == State.Done && _head.Status != 101);

    /// <summary>Starts on a new response; a response to HEAD has no body whatever its headers say.</summary>
    public void Reset(bool headRequest)
    {
        _state = State.Head;
        _headRequest = headRequest;
        _remaining = 0;
        _head = default;
    }

    /// <summary>
    /// Consumes what it can of <paramref name="data"/> and returns how many bytes that was. It consumes nothing when it
    /// needs a whole line or head that has not fully arrived: feed it again with more bytes appended.
    /// </summary>
    public int Feed(ReadOnlySpan<byte> data)
    {
        var skip = default(SkipBody);
        return Feed(data, ref skip);
    }

    /// <summary>As <see cref="Feed(ReadOnlySpan{byte})"/>, handing <paramref name="reader"/> the final head and the body's bytes (unframed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Feed<TReader>(ReadOnlySpan<byte> data, ref TReader reader)
        where TReader : struct, IHttp1BodyReader
    {
        var consumed = 0;
        while (_state != State.Done)
        {
            var rest = data[consumed..];
            var step = _state switch
            {
                State.Head => Head(rest, ref reader),
                State.Body or State.ChunkData => Skip(rest, ref reader),
                State.ChunkSize => ChunkSize(rest),
                State.Trailers => Trailer(rest),
                _ => Until(rest, ref reader), // UntilClose
            };
            if (step == 0)
            {
                break;
            }

            consumed += step;
        }

        return consumed;
    }

    /// <summary>The connection closed: that ends a body framed by the close, and is an error anywhere else.</summary>
    public void Close()
    {
        if (_state != State.UntilClose)
        {
            throw new IOException(_state == State.Head
                ? "the connection closed before the response headers ended"
                : "the connection closed before the response body ended");
        }

        _head = _head with { KeepAlive = false };
        _state = State.Done;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Head<TReader>(ReadOnlySpan<byte> data, ref TReader reader)
        where TReader : struct, IHttp1BodyReader
    {
        var length = data.IndexOf("\r\n\r\n"u8);
        if (length < 0)
        {
            return 0;
        }

        _head = Http1Head.Parse(data[..length]);
        var status = _head.Status;
        if (status is >= 100 and < 200 && status != 101)
        {
            // An interim response: the real one follows.
            return length + 4;
        }

        reader.Head(_head);
        if (_headRequest || status is 101 or 204 or 304)
        {
            _state = State.Done;
        }
        else if (_head.Chunked)
        {
            _state = State.ChunkSize;
        }
        else if (_head.ContentLength >= 0)
        {
            _remaining = _head.ContentLength;
            _state = _remaining == 0 ? State.Done : State.Body;
        }
        else
        {
            _state = State.UntilClose;
        }

        return length + 4;
    }

    private int Skip<TReader>(ReadOnlySpan<byte> data, ref TReader reader)
        where TReader : struct, IHttp1BodyReader
    {
        var step = (int)Math.Min(_remaining, data.Length);
        // A chunk's CRLF is counted in what remains of it, but is no part of the body.
        var body = _state == State.Body ? step : (int)Math.Clamp(_remaining - 2, 0, step);
        if (body > 0)
        {
            reader.Body(data[..body]);
        }

        _remaining -= step;
        if (_remaining == 0)
        {
            _state = _state == State.Body ? State.Done : State.ChunkSize;
        }

        return step;
    }

    private static int Until<TReader>(ReadOnlySpan<byte> data, ref TReader reader)
        where TReader : struct, IHttp1BodyReader
    {
        if (!data.IsEmpty)
        {
            reader.Body(data);
        }

        return data.Length;
    }

    private int ChunkSize(ReadOnlySpan<byte> data)
    {
        var length = data.IndexOf("\r\n"u8);
        if (length < 0)
        {
            return 0;
        }

        var line = data[..length];
        if (!Utf8Parser.TryParse(line, out long size, out var digits, 'X') || size < 0
            || (digits < line.Length && line[digits] is not ((byte)';' or (byte)' ' or (byte)'\t')))
        {
            throw new IOException($"invalid chunk size line '{Encoding.ASCII.GetString(line[..Math.Min(line.Length, 120)])}'");
        }

        // A chunk's data is followed by CRLF; the last (empty) chunk by trailer fields and an empty line.
        _remaining = size + 2;
        _state = size == 0 ? State.Trailers : State.ChunkData;
        return length + 2;
    }

    private int Trailer(ReadOnlySpan<byte> data)
    {
        var length = data.IndexOf("\r\n"u8);
        if (length < 0)
        {
            return 0;
        }

        if (length == 0)
        {
            _state = State.Done;
        }

        return length + 2;
    }
}

/// <summary>Handed a response's final head and its body bytes as <see cref="Http1ResponseParser"/> passes them.</summary>
internal interface IHttp1BodyReader
{
    void Head(in Http1Head head);

    void Body(ReadOnlySpan<byte> bytes);
}

/// <summary>Wants neither: the load path, where the JIT drops the calls.</summary>
internal struct SkipBody : IHttp1BodyReader
{
    public readonly void Head(in Http1Head head)
    {
    }

    public readonly void Body(ReadOnlySpan<byte> bytes)
    {
    }
}

/// <summary>A response's status, and whether its connection can carry the next request.</summary>
internal readonly record struct Http1Response(int Status, bool KeepAlive);
