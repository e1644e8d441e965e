using System.Buffers;
using System.Net.Http.Headers;
using System.Net.Sockets;
using RightSize.Load.Http;
using RightSize.Load.Http.Epoll;

namespace RightSize.Generative;

/// <summary>
/// Sends generative requests and times their streams. http:// URLs (on Linux) go through RightSize's own streamed
/// HTTP/1.1 client on epoll (<see cref="EpollStreamClient"/>): each read is stamped and its events parsed right on the
/// loop thread, one per core. HttpClient hands every socket completion to the thread pool and needs two reads per event
/// (a zero-byte read, so a waiting stream holds no buffer, then the read); with 5,000 streams whose tokens come out in
/// the same decode step, those completions queued behind each other: on a quiet machine, 5,000 streams on one core
/// (bench/llm/scale.sh) measured a per-token delivery p50 of 936 us with HttpClient, 366 us with .NET's inline socket
/// completions (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1), and docs/benchmarks.md has this client's figure.
/// https:// URLs keep HttpClient (SocketsHttpHandler, no proxy, no redirects), which does TLS.
/// </summary>
public sealed class StreamClient : IDisposable
{
    // An SSE event is a few hundred bytes; one read rarely brings more than a few.
    private const int ReadBufferBytes = 4 * 1024;

    private readonly EpollStreamClient? _epoll;
    private readonly HttpClient? _http;
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
        if (options.Url.Scheme == Uri.UriSchemeHttp && Libc.IsSupported && !options.UsesHttpClient)
        {
            _epoll = new EpollStreamClient(options.Url, options.Timeout, time);
        }
        else
        {
            // Each request has its own timeout (StreamClientOptions.Timeout).
            _http = new HttpClient(LoadHttpHandler.Create(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }
    }

    /// <summary>Sends one request; failures come back as the record's outcome, never as exceptions (cancellation aside).</summary>
    /// <param name="start">The timestamp latencies count from: the intended send time in an open loop.</param>
    public async Task<StreamRecord> SendAsync(GenerativeRequest request, long start, CancellationToken cancellationToken)
    {
        var record = new StreamRecord { Start = start, InputTokens = request.InputTokens, Turn = request.Turn, Chunks = StreamRecord.ForOutput(request.MaxTokens) };
        var reader = new StreamReadState(_options.Protocol, record, _time, request.KeepsAnswer, _options.ReadsSendStamps);
        var body = request.Body(_options.Protocol, _options.Model, _options.Streaming);
        var component = _components.Next();
        if (_epoll is not null)
        {
            await ExchangeAsync(_epoll, body, component, reader, cancellationToken);
        }
        else
        {
            await ExchangeAsync(_http!, body, component, record, reader, cancellationToken);
        }

        reader.Settle();
        return record;
    }

    public void Dispose()
    {
        _epoll?.Dispose();
        _http?.Dispose();
    }

    private string TimeoutMessage => $"no complete answer within {_options.Timeout.TotalSeconds:0.###} s";

    private async Task ExchangeAsync(EpollStreamClient epoll, byte[] body, string? component, StreamReadState reader, CancellationToken cancellationToken)
    {
        var request = epoll.Request(body, "application/json", component is null ? [] : [(InferenceComponentHeader, component)]);
        var end = await epoll.SendAsync(request, reader, cancellationToken);
        switch (end.Outcome)
        {
            case Http1StreamOutcome.ConnectionError:
                reader.Fail(StreamOutcome.ConnectionError, end.Error ?? "the connection failed");
                break;
            case Http1StreamOutcome.Broken:
                reader.Fail(StreamOutcome.StreamCut, $"the stream broke: {end.Error}");
                break;
            case Http1StreamOutcome.Timeout:
                reader.Fail(StreamOutcome.Timeout, TimeoutMessage);
                break;
        }
    }

    private async Task ExchangeAsync(HttpClient http, byte[] body, string? component, StreamRecord record, StreamReadState reader,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (component is not null)
            {
                message.Headers.Add(InferenceComponentHeader, component);
            }

            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            reader.Head((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType is "text/event-stream");
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            while (!reader.Stopped)
            {
                // A zero-byte read waits for data without a buffer (HttpClient passes it down to the socket), and the
                // buffer is rented only while there is data: thousands of streams wait at once.
                _ = await stream.ReadAsync(Memory<byte>.Empty, timeout.Token);
                var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
                try
                {
                    var read = await stream.ReadAsync(buffer, timeout.Token);
                    var now = _time.GetTimestamp();
                    if (read == 0)
                    {
                        reader.End(now);
                        return;
                    }

                    reader.Body(buffer.AsSpan(0, read), now, waitedNanoseconds: -1);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reader.Fail(StreamOutcome.Timeout, TimeoutMessage);
        }
        catch (HttpRequestException e) when (record.StatusCode == 0)
        {
            reader.Fail(StreamOutcome.ConnectionError, e.InnerException is SocketException s ? s.Message : e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            reader.Fail(StreamOutcome.StreamCut, $"the stream broke: {e.Message}");
        }
    }
}
