using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace RightSize.Load.Http;

/// <summary>
/// What a load generator needs from a response head: the status, how the body is framed, and whether it is a stream of
/// Server-Sent Events (Content-Type text/event-stream).
/// </summary>
internal readonly record struct Http1Head(int Status, long ContentLength, bool Chunked, bool KeepAlive, bool EventStream)
{
    /// <summary>Parses a status line and header fields (without the final empty line); throws <see cref="IOException"/> if malformed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Http1Head Parse(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        // "HTTP/1.1 200 OK": the version, a space, three digits, then an optional reason.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var digits) || digits != 3
            || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
        {
            throw new IOException($"not an HTTP/1.x status line: '{Printable(statusLine)}'");
        }

        // HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 closes it unless told otherwise.
        var keepAlive = statusLine[7] != (byte)'0';
        long contentLength = -1;
        var chunked = false;
        var eventStream = false;
        var fields = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!fields.IsEmpty)
        {
            var end = fields.IndexOf("\r\n"u8);
            var field = end < 0 ? fields : fields[..end];
            fields = end < 0 ? [] : fields[(end + 2)..];
            var colon = field.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new IOException($"malformed header field: '{Printable(field)}'");
            }

            var name = field[..colon];
            var value = field[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out var used) || used != value.Length || contentLength < 0)
                {
                    throw new IOException($"invalid Content-Length: '{Printable(value)}'");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                // Chunked framing applies when it is the last coding.
                chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            {
                var mediaType = value.IndexOf((byte)';') is var parameters and >= 0 ? value[..parameters].TrimEnd(" \t"u8) : value;
                eventStream = Ascii.EqualsIgnoreCase(mediaType, "text/event-stream"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                keepAlive = !HasToken(value, "close"u8) && (keepAlive || HasToken(value, "keep-alive"u8));
            }
        }

        return new Http1Head(status, contentLength, chunked, keepAlive, eventStream);
    }

    private static bool HasToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(list[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 120)]);
}
