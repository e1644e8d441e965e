using System.Globalization;
using System.Text;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Generative;

namespace RightSize.Core.Tests.Generative;

/// <summary>
/// The stream client's own HTTP/1.1 reading against raw scripted HTTP on 127.0.0.1: chunked streams arriving in pieces,
/// cuts inside a chunk, bad framing, keep-alive reuse, a kept connection the server dropped, and cancellation; the
/// HttpClient path (https://, or asked for) against the same framing where both apply.
/// </summary>
public sealed class StreamClientFramingTests
{
    private const string Content = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" the\"}}]}\n\n";
    private const string Events = Content + Content + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n";
    private const string ChunkedHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static readonly GenerativeRequest Request = new("hello there", 2, 4);

    private static StreamClient Client(Uri url, params string[] components) => Client(url, httpClient: false, components);

    private static StreamClient Client(Uri url, bool httpClient, params string[] components) =>
        new(new StreamClientOptions { Url = url, Timeout = TimeSpan.FromSeconds(20), InferenceComponents = components, UsesHttpClient = httpClient },
            TimeProvider.System);

    private const string LastChunk = "0\r\n\r\n";

    /// <summary><paramref name="body"/> in chunks of <paramref name="chunkBytes"/> (without the last, empty one).</summary>
    private static string Chunked(string body, int chunkBytes)
    {
        var text = new StringBuilder();
        for (var i = 0; i < body.Length; i += chunkBytes)
        {
            var piece = body.Substring(i, Math.Min(chunkBytes, body.Length - i));
            text.Append(CultureInfo.InvariantCulture, $"{piece.Length:x}\r\n{piece}\r\n");
        }

        return text.ToString();
    }

    private static void Succeeded(StreamRecord record)
    {
        Assert.True(record.Succeeded, record.Error);
        Assert.Equal((2, 9, 2, true), (record.Chunks.Count, record.InputTokens, record.OutputTokens, record.ServerCounted));
        // A content chunk may say how long it waited in the socket (the kernel's receive stamp to its read; the kernel
        // starts stamping a moment after the first socket asks, so the first segments may have none): never negative,
        // and far below the request's own 20 s limit.
        Assert.InRange(record.ReadWait?.Count ?? 0, 0, 2);
        Assert.All(record.ReadWait ?? [], w => Assert.InRange(w, 0, 20_000_000_000));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(50, false)]
    [InlineData(3, true)]
    public async Task A_chunked_stream_whose_head_and_chunks_arrive_in_pieces_succeeds(int pieceBytes, bool httpClient)
    {
        await using var server = new ScriptedHttpServer(e => e.WriteAsync(ChunkedHead + Chunked(Events, 7) + LastChunk, pieceBytes));
        using var client = Client(server.Url, httpClient);

        Succeeded(await client.SendAsync(Request, TimeProvider.System.GetTimestamp(), CancellationToken.None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_that_closes_in_the_middle_of_a_chunk_cuts_the_stream(bool httpClient)
    {
        await using var server = new ScriptedHttpServer(async e =>
        {
            await e.WriteAsync(ChunkedHead + Chunked(Content, 1000) + "40\r\ndata: {\"cho");
            e.Close();
        });
        using var client = Client(server.Url, httpClient);

        var record = await client.SendAsync(Request, TimeProvider.System.GetTimestamp(), CancellationToken.None);

        Assert.Equal((StreamOutcome.StreamCut, 1), (record.Outcome, record.Chunks.Count));
        Assert.StartsWith("the stream broke: ", record.Error);
    }

    [Fact]
    public async Task A_malformed_chunk_size_after_the_head_cuts_the_stream()
    {
        await using var server = new ScriptedHttpServer(e => e.WriteAsync(ChunkedHead + "zz\r\n" + Content + "\r\n"));
        using var client = Client(server.Url);

        var record = await client.SendAsync(Request, TimeProvider.System.GetTimestamp(), CancellationToken.None);

        Assert.Equal((StreamOutcome.StreamCut, 200), (record.Outcome, record.StatusCode));
        Assert.Contains("invalid chunk size line 'zz'", record.Error);
    }

    [Fact]
    public async Task Requests_in_turn_reuse_one_kept_alive_connection_and_carry_the_json_body_and_component_header()
    {
        await using var server = new ScriptedHttpServer(e => e.WriteAsync(ChunkedHead + Chunked(Events, 100) + LastChunk));
        using var client = Client(server.Url, "ic-a");

        for (var i = 0; i < 3; i++)
        {
            Succeeded(await client.SendAsync(Request, TimeProvider.System.GetTimestamp(), CancellationToken.None));
        }

        Assert.Equal(1, server.Connections);
        Assert.All(server.Requests, r =>
        {
            Assert.StartsWith("POST /invocations HTTP/1.1\r\n", r);
            Assert.Contains("\r\nX-Amzn-SageMaker-Inference-Component: ic-a\r\n", r);
            Assert.Contains("\r\nContent-Type: application/json\r\n", r);
            Assert.Contains("\"stream\":true", r);
        });
    }

    [Fact]
    public async Task A_kept_connection_the_server_dropped_is_replaced_without_failing_the_request()
    {
        var body = "{\"choices\":[{\"index\":0,\"message\":{\"content\":\" the of\"}}]}";
        await using var server = new ScriptedHttpServer(async e =>
        {
            // Nothing says the connection will close: the client keeps it, and finds it gone on the next request.
            await e.WriteAsync($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
            e.Close();
        });
        using var client = Client(server.Url);

        var first = await client.SendAsync(Request, TimeProvider.System.GetTimestamp(), CancellationToken.None);
        var second = await client.SendAsync(Request, TimeProvider.System.GetTimestamp(), CancellationToken.None);

        Assert.All([first, second], r => Assert.Equal((StreamOutcome.Success, true, 2), (r.Outcome, r.NotStreamed, r.OutputTokens)));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Cancelling_a_request_in_the_middle_of_its_stream_throws_and_closes_it()
    {
        var release = new TaskCompletionSource();
        var streaming = new TaskCompletionSource();
        await using var server = new ScriptedHttpServer(async e =>
        {
            await e.WriteAsync(ChunkedHead + Chunked(Content, 1000));
            streaming.SetResult();
            await release.Task;
        });
        using var client = Client(server.Url);
        using var cancel = new CancellationTokenSource();
        try
        {
            var send = client.SendAsync(Request, TimeProvider.System.GetTimestamp(), cancel.Token);
            await streaming.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task Disposing_the_client_with_a_request_in_its_stream_ends_that_request_instead_of_leaving_it_waiting()
    {
        var release = new TaskCompletionSource();
        var streaming = new TaskCompletionSource();
        await using var server = new ScriptedHttpServer(async e =>
        {
            await e.WriteAsync(ChunkedHead + Chunked(Content, 1000));
            streaming.SetResult();
            await release.Task;
        });
        try
        {
            var client = Client(server.Url);
            var send = client.SendAsync(Request, TimeProvider.System.GetTimestamp(), CancellationToken.None);
            await streaming.Task.WaitAsync(TimeSpan.FromSeconds(20));
            client.Dispose();

            // The loop stopped with the exchange open: its caller hears so (before, the task never ended).
            await Assert.ThrowsAsync<ObjectDisposedException>(() => send.WaitAsync(TimeSpan.FromSeconds(20)));
        }
        finally
        {
            release.SetResult();
        }
    }
}
