using RightSize.Core.Tests.Infrastructure;
using RightSize.Load;
using RightSize.Load.Http;

namespace RightSize.Core.Tests.Load.Http;

/// <summary>How the socket client reads responses framed every way HTTP/1.x allows, and recovers from broken ones.</summary>
public sealed class SocketInvokerFramingTests
{
    private static readonly Payload Csv = new("1,2,3"u8.ToArray(), "text/csv");

    [Fact]
    public async Task Sends_one_request_line_host_content_type_length_and_body()
    {
        await using var server = new ScriptedHttpServer(e => e.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        var url = new Uri(server.Url, "?variant=a");

        Assert.Equal(InvocationOutcome.Success, await InvokeOnceAsync(new SocketInvokerFactory(url), Csv));

        var request = Assert.Single(server.Requests);
        Assert.StartsWith("POST /invocations?variant=a HTTP/1.1\r\n", request);
        Assert.Contains($"\r\nHost: 127.0.0.1:{url.Port}\r\n", request);
        Assert.Contains("\r\nContent-Type: text/csv\r\nContent-Length: 5\r\n\r\n1,2,3", request);
    }

    [Fact]
    public async Task A_get_sends_no_body_and_a_head_response_has_none_whatever_its_length()
    {
        await using var server = new ScriptedHttpServer(e => e.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
        var invoker = new SocketInvokerFactory(server.Url, "HEAD").CreateInvoker();
        await using (invoker)
        {
            Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
            Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
        }

        Assert.Equal(1, server.Connections);
        Assert.All(server.Requests, r => Assert.EndsWith("\r\nUser-Agent: rightsize\r\n\r\n", r));
    }

    [Fact]
    public async Task Chunked_bodies_split_anywhere_with_extensions_and_trailers_are_read_and_the_connection_reused()
    {
        const string Response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n";
        await using var server = new ScriptedHttpServer(e => e.WriteAsync(Response, pieceBytes: e.IndexOnConnection == 0 ? 1 : 7));

        await using var invoker = new SocketInvokerFactory(server.Url).CreateInvoker();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
        }

        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Large_bodies_beyond_the_buffer_are_read_to_the_last_byte()
    {
        var body = new string('x', 300_000);
        await using var server = new ScriptedHttpServer(e => e.WriteAsync(
            e.IndexOnConnection % 2 == 0
                ? $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}"
                : $"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n{body.Length:X}\r\n{body}\r\n0\r\n\r\n",
            pieceBytes: 50_000));

        await using var invoker = new SocketInvokerFactory(server.Url).CreateInvoker();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
        }

        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Heads_beyond_the_first_buffer_are_read_and_beyond_64_kb_refused()
    {
        static string Head(int bytes) => $"HTTP/1.1 200 OK\r\nX-Padding: {new string('p', bytes)}\r\nContent-Length: 0\r\n\r\n";
        await using var server = new ScriptedHttpServer(e => e.WriteAsync(Head(e.Connection == 1 ? 20_000 : 70_000)));

        await using var invoker = new SocketInvokerFactory(server.Url).CreateInvoker();
        Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
        Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
        await using var second = new SocketInvokerFactory(server.Url).CreateInvoker();
        Assert.Equal(InvocationOutcome.ConnectionError, await second.InvokeAsync(Csv, CancellationToken.None));
    }

    [Fact]
    public async Task Interim_100_continue_responses_are_skipped()
    {
        await using var server = new ScriptedHttpServer(e => e.WriteAsync(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy"));

        Assert.Equal(InvocationOutcome.ServerError, await InvokeOnceAsync(new SocketInvokerFactory(server.Url), Csv));
    }

    [Fact]
    public async Task A_body_without_length_runs_until_close_and_the_next_request_reconnects()
    {
        await using var server = new ScriptedHttpServer(async e =>
        {
            await e.WriteAsync("HTTP/1.0 200 OK\r\n\r\nuntil the end");
            e.Close();
        });

        await using var invoker = new SocketInvokerFactory(server.Url).CreateInvoker();
        Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
        Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Connection_close_is_honoured()
    {
        await using var server = new ScriptedHttpServer(e => e.WriteAsync("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));

        await using var invoker = new SocketInvokerFactory(server.Url).CreateInvoker();
        Assert.Equal(InvocationOutcome.ClientError, await invoker.InvokeAsync(Csv, CancellationToken.None));
        Assert.Equal(InvocationOutcome.ClientError, await invoker.InvokeAsync(Csv, CancellationToken.None));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task A_keep_alive_connection_the_server_dropped_is_replaced_and_the_request_sent_again()
    {
        // The server answers one request per connection and then drops it without saying so.
        await using var server = new ScriptedHttpServer(async e =>
        {
            await e.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            e.Close();
        });

        await using var invoker = new SocketInvokerFactory(server.Url).CreateInvoker();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
        }

        Assert.Equal(3, server.Connections);
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this")]
    public async Task Malformed_or_truncated_responses_are_connection_errors_and_the_invoker_recovers(string broken)
    {
        await using var server = new ScriptedHttpServer(async e =>
        {
            if (e.Connection == 1)
            {
                await e.WriteAsync(broken);
                e.Close();
            }
            else
            {
                await e.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            }
        });

        await using var invoker = new SocketInvokerFactory(server.Url).CreateInvoker();
        Assert.Equal(InvocationOutcome.ConnectionError, await invoker.InvokeAsync(Csv, CancellationToken.None));
        Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
    }

    [Fact]
    public void Https_is_refused_with_the_way_out()
    {
        var error = Assert.Throws<ArgumentException>(() => Invokers.Create(new Uri("https://127.0.0.1/"), client: LoadClient.Socket));
        Assert.Contains("HttpInvokerFactory", error.Message);
        using var https = Assert.IsType<HttpInvokerFactory>(Invokers.Create(new Uri("https://127.0.0.1/")));
        Assert.IsType<SocketInvokerFactory>(Invokers.Create(new Uri("http://127.0.0.1/")));
    }

    private static async Task<InvocationOutcome> InvokeOnceAsync(IInvokerFactory factory, Payload payload)
    {
        await using var invoker = factory.CreateInvoker();
        return await invoker.InvokeAsync(payload, CancellationToken.None);
    }
}
