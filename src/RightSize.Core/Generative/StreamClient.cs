using System.Buffers;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using RightSize.Load.Http;

namespace RightSize.Generative;

/// <summary>
/// Sends generative requests and times their streams. It uses HttpClient (SocketsHttpHandler) with
/// <see cref="HttpCompletionOption.ResponseHeadersRead"/> rather than RightSize's epoll client: that client frames whole
/// responses and completes on the last byte, while a stream needs every read as it arrives; HttpClient hands each read
/// over as soon as the socket has it, and the streams here are long (many reads per request), so its per-request cost
/// is small against the stream.
/// </summary>
public sealed class StreamClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly StreamClientOptions _options;
    private readonly TimeProvider _time;
    private readonly InferenceComponentSelection _components;

    /// <summary>SageMaker's routing header naming the inference component a request invokes (as InvokeEndpoint's InferenceComponentName).</summary>
    public const string InferenceComponentHeader = "X-Amzn-SageMaker-Inference-Component";

    public StreamClient(StreamClientOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _components = new InferenceComponentSelection(options.InferenceComponents, options.ModelSelection, options.Seed);
        _http = new HttpClient(LoadHttpHandler.Create(), disposeHandler: true)
        {
            // Each request has its own timeout (StreamClientOptions.Timeout).
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Sends one request; failures come back as the record's outcome, never as exceptions (cancellation aside).</summary>
    /// <param name="start">The timestamp latencies count from: the intended send time in an open loop.</param>
    public async Task<StreamRecord> SendAsync(GenerativeRequest request, long start, CancellationToken cancellationToken)
    {
        var record = new StreamRecord { Start = start, InputTokens = request.InputTokens, Turn = request.Turn, Chunks = StreamRecord.ForOutput(request.MaxTokens) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var reader = new StreamReadState(_options.Protocol, record, _time, request.KeepsAnswer, _options.ReadsSendStamps);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _options.Url)
            {
                Content = new ByteArrayContent(request.Body(_options.Protocol, _options.Model, _options.Streaming)),
            };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (_components.Next() is { } component)
            {
                message.Headers.Add(InferenceComponentHeader, component);
            }

            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            record.StatusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                reader.Fail(StreamOutcome.HttpStatus, $"HTTP {record.StatusCode}: {Clip(body)}");
                return record;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            if (response.Content.Headers.ContentType?.MediaType is "text/event-stream")
            {
                await reader.ReadEventsAsync(stream, timeout.Token);
            }
            else
            {
                await reader.ReadBufferedAsync(stream, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reader.Fail(StreamOutcome.Timeout, $"no complete answer within {_options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e) when (record.StatusCode == 0)
        {
            reader.Fail(StreamOutcome.ConnectionError, e.InnerException is SocketException s ? s.Message : e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            reader.Fail(StreamOutcome.StreamCut, $"the stream broke: {e.Message}");
        }

        return record;
    }

    public void Dispose() => _http.Dispose();

    internal static string Clip(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "...";

    /// <summary>Decoding state of one response.</summary>
    private sealed class StreamReadState(GenerativeProtocol protocol, StreamRecord record, TimeProvider time, bool keepAnswer, bool stamps)
    {
        // An SSE event is a few hundred bytes; one read rarely brings more than a few.
        private const int ReadBufferBytes = 4 * 1024;

        private readonly StringBuilder _text = new();
        private int? _serverInput;
        private int? _serverOutput;

        public void Fail(StreamOutcome outcome, string message)
        {
            record.End = time.GetTimestamp();
            record.Outcome = outcome;
            record.Error = message;
        }

        public async Task ReadEventsAsync(Stream stream, CancellationToken cancellationToken)
        {
            var parser = new SseParser();
            var events = new List<SseEvent>();
            var done = false;
            while (true)
            {
                // A zero-byte read waits for data without a buffer (HttpClient passes it down to the socket), and the
                // buffer is rented only while there is data: thousands of streams wait at once, and a buffer held by
                // each waiting stream was 20 MB of the generator's memory at 5,000 streams (docs/benchmarks.md).
                _ = await stream.ReadAsync(Memory<byte>.Empty, cancellationToken);
                var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
                int read;
                long now;
                try
                {
                    read = await stream.ReadAsync(buffer, cancellationToken);
                    now = time.GetTimestamp();
                    events.Clear();
                    parser.Feed(buffer.AsSpan(0, read), events);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                if (read == 0)
                {
                    break;
                }

                foreach (var (data, sent) in events)
                {
                    var parsed = StreamEvent.Read(protocol, data);
                    if (parsed.Malformed is { } malformed)
                    {
                        Fail(StreamOutcome.MalformedStream, malformed);
                        return;
                    }

                    if (done && parsed.Text is not null)
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

                    done |= parsed.Done;
                }
            }

            if (!done)
            {
                Fail(StreamOutcome.StreamCut, protocol == GenerativeProtocol.Tgi
                    ? $"the stream ended after {record.Chunks.Count} tokens without the final event (details)"
                    : $"the stream ended after {record.Chunks.Count} chunks without data: [DONE]");
                return;
            }

            Finish(time.GetTimestamp());
        }

        public async Task ReadBufferedAsync(Stream stream, CancellationToken cancellationToken)
        {
            using var text = new StreamReader(stream, Encoding.UTF8);
            var body = await text.ReadToEndAsync(cancellationToken);
            var now = time.GetTimestamp();
            var parsed = StreamEvent.ReadBuffered(protocol, body);
            if (parsed.Malformed is { } malformed)
            {
                Fail(StreamOutcome.MalformedStream, malformed);
                return;
            }

            record.NotStreamed = true;
            Take(parsed, now);
            Finish(now);
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
            record.OutputTokens = _serverOutput ?? TokenCounter.Cl100k.Count(_text.ToString());
            record.InputTokens = _serverInput ?? record.InputTokens;
            record.Answer = keepAnswer ? _text.ToString() : null;
        }
    }
}
