using System.Buffers.Binary;
using System.Text;

namespace RightSize.Endpoints.Docker;

/// <summary>
/// Reads a container log as the Engine API sends it. Without a TTY, stdout and stderr arrive multiplexed: frames of an
/// 8-byte header (stream 0-2, three zero bytes, big-endian payload length) and the payload. With a TTY the log is raw.
/// </summary>
internal static class DockerLogStream
{
    private const int HeaderLength = 8;

    public static IReadOnlyList<string> Lines(ReadOnlySpan<byte> body)
    {
        var text = IsMultiplexed(body) ? Encoding.UTF8.GetString(Demultiplex(body)) : Encoding.UTF8.GetString(body);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
    }

    private static byte[] Demultiplex(ReadOnlySpan<byte> body)
    {
        var payload = new List<byte>(body.Length);
        while (body.Length >= HeaderLength)
        {
            var length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body[4..HeaderLength]), (uint)(body.Length - HeaderLength));
            payload.AddRange(body.Slice(HeaderLength, length));
            body = body[(HeaderLength + length)..];
        }

        return [.. payload];
    }

    // A multiplexed log starts with a frame header; a raw (TTY) log starts with text, which never has bytes 1-3 zero.
    private static bool IsMultiplexed(ReadOnlySpan<byte> body) =>
        body.Length >= HeaderLength && body[0] <= 2 && body[1] == 0 && body[2] == 0 && body[3] == 0;
}
