using System.Net;
using RightSize.ModelServer.Hosting;

namespace RightSize.ModelServer.Tests.TestSupport;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, started in-process from command-line arguments.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly RunningModelServer _server;

    private TestServer(RunningModelServer server)
    {
        _server = server;
        Client = new HttpClient { BaseAddress = new Uri(server.Address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public RunningModelServer Server => _server;

    public StringWriter Errors { get; } = new();

    public static Task<TestServer> StartAsync(params string[] args) => StartAsync(args, new Dictionary<string, string>());

    public static async Task<TestServer> StartAsync(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var parsed = ServeArguments.Parse([.. args, "--port", "0"], name => environment.GetValueOrDefault(name));
        Assert.Empty(parsed.Errors);
        var errors = new StringWriter();
        var started = await ModelServerApp.StartAsync(parsed.Options!, errors, CancellationToken.None);
        Assert.True(started.Succeeded, started.Error);
        return new TestServer(started.Value);
    }

    /// <summary>Starts a server on a model directory and waits until /ping answers 200.</summary>
    public static async Task<TestServer> StartReadyAsync(params string[] args)
    {
        var server = await StartAsync(args);
        await server.WaitUntilReadyAsync();
        return server;
    }

    public async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var response = await Client.GetAsync("/ping");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/ping still answers {response.StatusCode}");
            await Task.Delay(10);
        }
    }

    public async Task<HttpResponseMessage> InvokeAsync(string body, string contentType, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations");
        request.Content = new StringContent(body);
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
    }
}
