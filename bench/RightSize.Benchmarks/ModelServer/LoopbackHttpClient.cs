using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RightSize.Benchmarks.ModelServer;

/// <summary>
/// The cheapest honest HTTP/1.1 client for measuring a server: one kept-alive loopback socket, the request's bytes built
/// once, blocking calls (no async state machines, no header objects), and the response read by its Content-Length. It
/// checks the status line, so a failing server cannot pass for a fast one. Not a general client: no chunked bodies.
/// </summary>
internal sealed class LoopbackHttpClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly byte[] _request;
    private readonly byte[] _buffer = new byte[64 * 1024];

    public LoopbackHttpClient(Uri server, string path, string contentType, byte[] body)
    {
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, server.Port));
        var head = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n");
        _request = [.. head, .. body];
    }

    /// <summary>Sends the request and reads the whole response; returns the body's length.</summary>
    public int Send()
    {
        _socket.Send(_request);
        var received = 0;
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8)) < 0)
        {
            received += Receive(received);
        }

        var head = _buffer.AsSpan(0, headerEnd);
        if (!head.StartsWith("HTTP/1.1 200 "u8))
        {
            throw new InvalidOperationException($"the server answered: {Encoding.ASCII.GetString(_buffer, 0, received)}");
        }

        var length = ContentLength(head);
        var total = headerEnd + 4 + length;
        while (received < total)
        {
            received += Receive(received);
        }

        return length;
    }

    public void Dispose() => _socket.Dispose();

    private int Receive(int offset)
    {
        var read = _socket.Receive(_buffer.AsSpan(offset));
        return read > 0 ? read : throw new InvalidOperationException("the server closed the connection");
    }

    private static int ContentLength(ReadOnlySpan<byte> head)
    {
        var name = "\r\ncontent-length:"u8;
        var at = IndexOfIgnoreCase(head, name);
        if (at < 0)
        {
            throw new InvalidOperationException("the response has no Content-Length (chunked?); this client reads only sized bodies");
        }

        var rest = head[(at + name.Length)..];
        var end = rest.IndexOf("\r\n"u8);
        return int.Parse(Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerCase)
    {
        for (var i = 0; i + lowerCase.Length <= text.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(text.Slice(i, lowerCase.Length), lowerCase))
            {
                return i;
            }
        }

        return -1;
    }
}
