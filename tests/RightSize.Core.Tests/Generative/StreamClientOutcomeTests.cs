using System.Net;
using System.Net.Sockets;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Generative;

namespace RightSize.Core.Tests.Generative;

/// <summary>Each way an LLM endpoint can fail is classified on its own, against raw scripted HTTP on 127.0.0.1.</summary>
public sealed class StreamClientOutcomeTests
{
    private const string SseHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
    private const string Chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" the\"}}]}\n\n";
    private static readonly GenerativeRequest Request = new("hello there", 2, 4);

    private static async Task<StreamRecord> SendAsync(Uri url, TimeSpan? timeout = null)
    {
        using var client = new StreamClient(new StreamClientOptions { Url = url, Timeout = timeout ?? TimeSpan.FromSeconds(20) }, TimeProvider.System);
        return await client.SendAsync(Request, TimeProvider.System.GetTimestamp(), CancellationToken.None);
    }

    private static async Task<StreamRecord> AgainstAsync(Func<ScriptedExchange, Task> respond, TimeSpan? timeout = null)
    {
        await using var server = new ScriptedHttpServer(respond);
        return await SendAsync(server.Url, timeout);
    }

    [Fact]
    public async Task A_complete_stream_succeeds_with_one_chunk_per_content_event_and_the_usage_counts()
    {
        var record = await AgainstAsync(async e =>
        {
            await e.WriteAsync(SseHead + Chunk + Chunk + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n");
            e.Close();
        });

        Assert.Equal(StreamOutcome.Success, record.Outcome);
        Assert.Equal((2, 9, 2, true), (record.Chunks.Count, record.InputTokens, record.OutputTokens, record.ServerCounted));
    }

    [Fact]
    public async Task An_endpoint_that_never_streams_succeeds_flagged_with_ttft_equal_to_latency_and_tokens_counted_by_the_client()
    {
        var body = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\" the of and\"}}]}";
        var record = await AgainstAsync(async e =>
        {
            await e.WriteAsync($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
            e.Close();
        });

        Assert.Equal(StreamOutcome.Success, record.Outcome);
        Assert.True(record.NotStreamed);
        Assert.Equal(record.End, Assert.Single(record.Chunks));
        Assert.Equal((3, false), (record.OutputTokens, record.ServerCounted));
    }

    [Fact]
    public async Task A_stream_cut_before_done_is_a_stream_cut()
    {
        var record = await AgainstAsync(async e =>
        {
            await e.WriteAsync(SseHead + Chunk + Chunk + "data: {\"cho");
            e.Close();
        });

        Assert.Equal(StreamOutcome.StreamCut, record.Outcome);
        Assert.Contains("after 2 chunks without data: [DONE]", record.Error);
    }

    [Fact]
    public async Task Malformed_sse_is_a_malformed_stream()
    {
        var record = await AgainstAsync(async e =>
        {
            await e.WriteAsync(SseHead + Chunk + "data: {this is not json}\n\n");
            e.Close();
        });

        Assert.Equal(StreamOutcome.MalformedStream, record.Outcome);
        Assert.StartsWith("an event is not JSON", record.Error);
    }

    [Fact]
    public async Task An_error_status_is_an_http_status_with_the_code_and_the_body()
    {
        var record = await AgainstAsync(async e =>
        {
            await e.WriteAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 10\r\nConnection: close\r\n\r\noverloaded");
            e.Close();
        });

        Assert.Equal((StreamOutcome.HttpStatus, 503), (record.Outcome, record.StatusCode));
        Assert.Equal("HTTP 503: overloaded", record.Error);
    }

    [Fact]
    public async Task A_refused_connection_and_one_closed_before_the_headers_are_connection_errors()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var refused = await SendAsync(new Uri($"http://127.0.0.1:{port}/v1/chat/completions"));
        var dropped = await AgainstAsync(e =>
        {
            e.Close();
            return Task.CompletedTask;
        });

        Assert.Equal(StreamOutcome.ConnectionError, refused.Outcome);
        Assert.Equal(StreamOutcome.ConnectionError, dropped.Outcome);
    }

    [Fact]
    public async Task A_stream_that_stalls_past_the_timeout_is_a_timeout()
    {
        var release = new TaskCompletionSource();
        StreamRecord record;
        await using (var server = new ScriptedHttpServer(async e =>
        {
            await e.WriteAsync(SseHead + Chunk);
            await release.Task;
            e.Close();
        }))
        {
            try
            {
                record = await SendAsync(server.Url, TimeSpan.FromSeconds(2));
            }
            finally
            {
                release.SetResult();
            }
        }

        Assert.Equal(StreamOutcome.Timeout, record.Outcome);
        Assert.Single(record.Chunks);
    }
}
