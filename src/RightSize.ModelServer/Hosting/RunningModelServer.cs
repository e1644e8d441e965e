using Microsoft.AspNetCore.Builder;

namespace RightSize.ModelServer.Hosting;

/// <summary>A started server: its bound address, the background model load, and shutdown.</summary>
internal sealed class RunningModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public RunningModelServer(WebApplication app, string address, Task<bool> modelLoad)
    {
        _app = app;
        Address = address;
        ModelLoad = modelLoad;
    }

    /// <summary>The bound address with the real port, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; }

    /// <summary>Completes with true when the model is ready, false when it could not be loaded.</summary>
    public Task<bool> ModelLoad { get; }

    /// <summary>Waits for SIGTERM, Ctrl+C, a fatal model error or <paramref name="cancellationToken"/>, then stops gracefully.</summary>
    public async Task<int> WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        await _app.WaitForShutdownAsync(cancellationToken);
        return ModelLoad.IsCompletedSuccessfully && !ModelLoad.Result ? 2 : 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
