using System.Runtime.InteropServices;
using System.Text;

namespace RightSize.Generative;

/// <summary>
/// A push parser for Server-Sent Events: fed the bytes of each network read as they come, it returns the <c>data</c> of
/// every event completed by them. Lines may end in LF, CRLF or CR and may be split anywhere between reads (inside a
/// line, a UTF-8 character or a CRLF); several <c>data:</c> lines join with LF; comments and other fields are ignored.
/// </summary>
public sealed class SseParser
{
    private readonly List<byte> _line = [];
    private readonly StringBuilder _data = new();
    private bool _hasData;
    private bool _afterCr;

    /// <summary>Bytes of a line still waiting for its end (a stream cut here lost an event).</summary>
    public bool HasPartialEvent => _line.Count > 0 || _hasData;

    /// <summary>Parses one read; completed events are appended to <paramref name="events"/>.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, List<string> events)
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

    private void EndLine(List<string> events)
    {
        if (_line.Count == 0)
        {
            if (_hasData)
            {
                events.Add(_data.ToString());
            }

            _data.Clear();
            _hasData = false;
            return;
        }

        var line = Encoding.UTF8.GetString(CollectionsMarshal.AsSpan(_line));
        _line.Clear();
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var field = colon < 0 ? line : line[..colon];
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
