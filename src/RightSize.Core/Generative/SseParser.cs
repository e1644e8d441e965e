using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace RightSize.Generative;

/// <summary>One Server-Sent Event's data, with the server's send stamp when it sent one (<see cref="SseParser.SentStampComment"/>).</summary>
public readonly record struct SseEvent(string Data, long? SentNanoseconds);

/// <summary>
/// A push parser for Server-Sent Events: fed the bytes of each network read as they come, it returns the <c>data</c> of
/// every event completed by them. Lines may end in LF, CRLF or CR and may be split anywhere between reads (inside a
/// line, a UTF-8 character or a CRLF); several <c>data:</c> lines join with LF; other fields are ignored, and so are
/// comments except RightSize's send stamp (<see cref="SentStampComment"/>), which a real protocol parser skips as a
/// comment.
/// </summary>
public sealed class SseParser
{
    /// <summary>
    /// The comment a server may put in an event (<c>: rightsize-sent-ns 123</c>): when it wrote the event, in
    /// nanoseconds of the host's monotonic clock (.NET's Stopwatch on Linux), so a client on the same host can tell how
    /// long the event took to reach it. The reference LLM server sends it when RIGHTSIZE_LLM_SEND_STAMPS=1.
    /// </summary>
    public const string SentStampComment = "rightsize-sent-ns ";

    private readonly List<byte> _line = [];
    private readonly StringBuilder _data = new();
    private bool _hasData;
    private bool _afterCr;
    private long? _sent;

    /// <summary>Bytes of a line still waiting for its end (a stream cut here lost an event).</summary>
    public bool HasPartialEvent => _line.Count > 0 || _hasData;

    /// <summary>Parses one read; completed events are appended to <paramref name="events"/>.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, List<SseEvent> events)
    {
        foreach (var b in bytes)
        {
            if (_afterCr)
            {
                _afterCr = false;
                if (b == (byte)'\n')
                {
                    continue;
                }
            }

            if (b is (byte)'\n' or (byte)'\r')
            {
                _afterCr = b == (byte)'\r';
                EndLine(events);
            }
            else
            {
                _line.Add(b);
            }
        }
    }

    private void EndLine(List<SseEvent> events)
    {
        if (_line.Count == 0)
        {
            if (_hasData)
            {
                events.Add(new SseEvent(_data.ToString(), _sent));
            }

            _data.Clear();
            _hasData = false;
            _sent = null;
            return;
        }

        var line = Encoding.UTF8.GetString(CollectionsMarshal.AsSpan(_line));
        _line.Clear();
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var field = colon < 0 ? line : line[..colon];
        if (field.Length == 0)
        {
            var comment = line.AsSpan(1).TrimStart(' ');
            if (comment.StartsWith(SentStampComment, StringComparison.Ordinal)
                && long.TryParse(comment[SentStampComment.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
            {
                _sent = sent;
            }

            return;
        }

        if (field != "data")
        {
            return;
        }

        var value = colon < 0 ? string.Empty : line[(colon + 1)..];
        if (value.StartsWith(' '))
        {
            value = value[1..];
        }

        if (_hasData)
        {
            _data.Append('\n');
        }

        _data.Append(value);
        _hasData = true;
    }
}
