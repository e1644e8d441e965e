using System.Buffers;
using System.Text;
using RightSize.Load.Http;

namespace RightSize.Generative;

/// <summary>
/// Decodes one response as it arrives and fills its <see cref="StreamRecord"/>: an event stream is parsed read by read
/// (every event of a read gets that read's timestamp), a buffered answer or an error's body is kept until the end. Fed
/// on whatever thread reads the socket (the epoll loop's, or HttpClient's continuations).
/// </summary>
internal sealed class StreamReadState(GenerativeProtocol protocol, StreamRecord record, TimeProvider time, bool keepAnswer, bool stamps)
    : IHttp1StreamReader
{
    // Enough of an error's body for its 200-character excerpt (Clip), whatever its encoding.
    private const int ErrorBodyBytes = 1024;

    private readonly StringBuilder _text = new();
    private SseParser? _parser;
    private List<SseEvent>? _events;
    private ArrayBufferWriter<byte>? _body;
    private bool _success;
    private bool _done;
    private int? _serverInput;
    private int? _serverOutput;

    public bool Stopped { get; private set; }

    public void Fail(StreamOutcome outcome, string message)
    {
        record.End = time.GetTimestamp();
        record.Outcome = outcome;
        record.Error = message;
        Stopped = true;
    }

    public void Head(int status, bool eventStream)
    {
        record.StatusCode = status;
        _success = status is >= 200 and < 300;
        if (_success && eventStream)
        {
            _parser = new SseParser();
            _events = [];
        }
        else
        {
            _body = new ArrayBufferWriter<byte>();
        }
    }

    public void Body(ReadOnlySpan<byte> bytes, long now, long waitedNanoseconds)
    {
        if (_body is not null)
        {
            _body.Write(_success ? bytes : bytes[..Math.Min(bytes.Length, Math.Max(0, ErrorBodyBytes - _body.WrittenCount))]);
            return;
        }

        _events!.Clear();
        _parser!.Feed(bytes, _events);
        foreach (var (data, sent) in _events)
        {
            var parsed = StreamEvent.Read(protocol, data);
            if (parsed.Malformed is { } malformed)
            {
                Fail(StreamOutcome.MalformedStream, malformed);
                return;
            }

            if (_done && parsed.Text is not null)
            {
                Fail(StreamOutcome.MalformedStream, "content arrived after the end of the stream");
                return;
            }

            Take(parsed, now);
            if (sent is { } sentNs && parsed.Text is not null && stamps)
            {
                // The server's stamp is on the same host's monotonic clock, in ns; the delay in timestamp units.
                (record.ChunkDelivery ??= new List<long>(record.Chunks.Capacity))
                    .Add(now - (long)(sentNs * (time.TimestampFrequency / 1e9)));
            }

            if (waitedNanoseconds >= 0 && parsed.Text is not null)
            {
                (record.ReadWait ??= new List<long>(record.Chunks.Capacity)).Add(waitedNanoseconds);
            }

            _done |= parsed.Done;
        }
    }

    public void End(long now)
    {
        if (Stopped)
        {
            return;
        }

        if (!_success)
        {
            Fail(StreamOutcome.HttpStatus, $"HTTP {record.StatusCode}: {Clip(Text(_body!))}");
        }
        else if (_body is not null)
        {
            var parsed = StreamEvent.ReadBuffered(protocol, Text(_body));
            if (parsed.Malformed is { } malformed)
            {
                Fail(StreamOutcome.MalformedStream, malformed);
                return;
            }

            record.NotStreamed = true;
            Take(parsed, now);
            Finish(now);
        }
        else if (!_done)
        {
            Fail(StreamOutcome.StreamCut, protocol == GenerativeProtocol.Tgi
                ? $"the stream ended after {record.Chunks.Count} tokens without the final event (details)"
                : $"the stream ended after {record.Chunks.Count} chunks without data: [DONE]");
        }
        else
        {
            Finish(now);
        }
    }

    internal static string Clip(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "...";

    // UTF-8, a byte order mark dropped (as a StreamReader drops it).
    private static string Text(ArrayBufferWriter<byte> body)
    {
        var bytes = body.WrittenSpan;
        return Encoding.UTF8.GetString(bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes);
    }

    private void Take(StreamEvent parsed, long now)
    {
        if (parsed.Text is { } chunk)
        {
            record.Chunks.Add(now);
            _text.Append(chunk);
        }

        _serverInput = parsed.PromptTokens ?? _serverInput;
        _serverOutput = parsed.CompletionTokens ?? _serverOutput;
    }

    private void Finish(long now)
    {
        record.End = now;
        record.Outcome = StreamOutcome.Success;
        record.ServerCounted = _serverOutput is not null;
        record.OutputTokens = _serverOutput ?? 0;
        record.InputTokens = _serverInput ?? record.InputTokens;
    }

    /// <summary>
    /// After the exchange, on the sender's thread: counts the output tokens the server did not report and keeps the
    /// answer if asked. Not in <see cref="End"/>, which runs on the epoll client's loop thread, where tokenising a long
    /// answer would hold up every other stream's reads and their timestamps.
    /// </summary>
    public void Settle()
    {
        if (record.Outcome != StreamOutcome.Success)
        {
            return;
        }

        if (!record.ServerCounted)
        {
            record.OutputTokens = TokenCounter.Cl100k.Count(_text.ToString());
        }

        record.Answer = keepAnswer ? _text.ToString() : null;
    }
}
