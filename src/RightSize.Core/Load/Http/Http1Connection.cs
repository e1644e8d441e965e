using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace RightSize.Load.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection: writes pre-serialised requests and reads whole responses (Content-Length,
/// chunked, or until close) through one reused buffer, so an exchange allocates nothing. One exchange at a time.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    // Small to start, as 10,000 users hold 10,000 buffers; long heads and large bodies grow it to MaxBufferBytes.
    private const int InitialBufferBytes = 4 * 1024;
    private const int MaxBufferBytes = 64 * 1024;

    private readonly Socket _socket;
    private byte[] _buffer = new byte[InitialBufferBytes];
    private int _start;
    private int _end;

    private Http1Connection(Socket socket) => _socket = socket;

    /// <summary>True once any byte of the current response has arrived: before that, a failure may be retried.</summary>
    public bool ResponseStarted { get; private set; }

    /// <summary>Connects to the first of <paramref name="addresses"/> that accepts.</summary>
    public static async ValueTask<Http1Connection> ConnectAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        SocketException? refused = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new Http1Connection(socket);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                refused = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw refused ?? new SocketException((int)SocketError.HostNotFound);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        ResponseStarted = false;
        while (!request.IsEmpty)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
            request = request[sent..];
        }
    }

    /// <summary>
    /// Reads one response to its last byte, skipping interim 1xx responses. Throws <see cref="IOException"/> when the
    /// connection closes early or the response is not HTTP/1.x.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Http1Response> ReadResponseAsync(bool headRequest, CancellationToken cancellationToken)
    {
        Http1Head head;
        while (true)
        {
            int length;
            while ((length = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
            {
                await ReceiveAsync(MaxBufferBytes, "response headers", cancellationToken);
            }

            head = Http1Head.Parse(_buffer.AsSpan(_start, length));
            _start += length + 4;
            // 101 switches protocols: the response ends there, and the connection is not reusable.
            if (head.Status is < 100 or >= 200 || head.Status == 101)
            {
                break;
            }
        }

        var keepAlive = head.KeepAlive;
        if (head.Status == 101)
        {
            // The connection now speaks another protocol.
            keepAlive = false;
        }
        else if (headRequest || head.Status is 204 or 304)
        {
            // No body, whatever the headers say.
        }
        else if (head.Chunked)
        {
            await SkipChunkedBodyAsync(cancellationToken);
        }
        else if (head.ContentLength >= 0)
        {
            await SkipAsync(head.ContentLength, cancellationToken);
        }
        else
        {
            // Neither length nor chunks: the body runs until the server closes the connection.
            await SkipToCloseAsync(cancellationToken);
            keepAlive = false;
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }

        return new Http1Response(head.Status, keepAlive);
    }

    public void Dispose() => _socket.Dispose();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SkipChunkedBodyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            var size = ChunkSize(_buffer.AsSpan(line, _start - line - 2));
            if (size == 0)
            {
                // Trailer fields, if any, end with an empty line.
                while (await ReadLineAsync(cancellationToken) != _start - 2)
                {
                }

                return;
            }

            await SkipAsync(size + 2, cancellationToken);
        }
    }

    /// <summary>Consumes the next CRLF-terminated line; returns where it starts (it ends 2 bytes before <see cref="_start"/>).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadLineAsync(CancellationToken cancellationToken)
    {
        int length;
        while ((length = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            await ReceiveAsync(MaxBufferBytes, "a chunk header", cancellationToken);
        }

        var line = _start;
        _start += length + 2;
        return line;
    }

    private static long ChunkSize(ReadOnlySpan<byte> line)
    {
        if (!Utf8Parser.TryParse(line, out long size, out var consumed, 'X') || size < 0
            || (consumed < line.Length && line[consumed] is not ((byte)';' or (byte)' ' or (byte)'\t')))
        {
            throw new IOException($"invalid chunk size line '{Encoding.ASCII.GetString(line)}'");
        }

        return size;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        var buffered = _end - _start;
        if (buffered >= count)
        {
            _start += (int)count;
            return;
        }

        count -= buffered;
        _start = _end = 0;
        if (count > _buffer.Length && _buffer.Length < MaxBufferBytes)
        {
            // Fewer, larger reads for large bodies.
            _buffer = new byte[MaxBufferBytes];
        }

        while (count > 0)
        {
            var received = await ReceiveIntoAsync(_buffer, cancellationToken);
            if (received == 0)
            {
                throw new IOException("the connection closed before the response body ended");
            }

            if (received > count)
            {
                // The rest belongs to what follows the body (a chunk header): keep it.
                _start = (int)count;
                _end = received;
            }

            count -= received;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SkipToCloseAsync(CancellationToken cancellationToken)
    {
        _start = _end = 0;
        while (await ReceiveIntoAsync(_buffer, cancellationToken) > 0)
        {
        }
    }

    /// <summary>Receives more bytes after <see cref="_end"/>, making room first; the unread part may grow to <paramref name="limit"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveAsync(int limit, string what, CancellationToken cancellationToken)
    {
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            else if (_buffer.Length < limit)
            {
                Array.Resize(ref _buffer, Math.Min(limit, _buffer.Length * 2));
            }
            else
            {
                throw new IOException($"{what} exceed {limit / 1024} KB");
            }
        }

        var received = await ReceiveIntoAsync(_buffer.AsMemory(_end), cancellationToken);
        if (received == 0)
        {
            throw new IOException($"the connection closed before {what} ended");
        }

        _end += received;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveIntoAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        ResponseStarted |= received > 0;
        return received;
    }
}

/// <summary>A response's status, and whether its connection can carry the next request.</summary>
internal readonly record struct Http1Response(int Status, bool KeepAlive);
