using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RightSize.Server.Hosting;

namespace RightSize.Server;

/// <summary>
/// A started server: where it listens and what recovery found. Disposing stops it in order: Kestrel stops accepting,
/// running jobs stop (STOPPED), the store writer writes what is left, then the container closes the store.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningServer(WebApplication app) => _app = app;

    /// <summary>The bound addresses (with real ports when port 0 was asked).</summary>
    public IReadOnlyList<Uri> Addresses => [.. _app.Urls.Select(u => new Uri(u))];

    public Uri Address => Addresses[0];

    /// <summary>The container, for tests that look at the server's own services.</summary>
    internal IServiceProvider Services => _app.Services;

    public StartReport Report => _app.Services.GetRequiredService<StoreStartup>().Report!;

    /// <summary>Completes when the host begins to stop (SIGTERM or Ctrl+C to the process) or <paramref name="cancellationToken"/> fires.</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stopping = _app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopped.TrySetResult());
        await using var cancelled = cancellationToken.Register(() => stopped.TrySetResult());
        await stopped.Task;
    }

    /// <summary>Where the dashboard listens; null when it is turned off (<c>--dashboard-urls none</c>).</summary>
    public Uri? DashboardAddress => _app.Services.GetService<Dashboard.DashboardServer>()?.Addresses.FirstOrDefault();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>What the server did at start: unfinished jobs it marked FAILED and leftover endpoints it stopped.</summary>
public sealed record StartReport(int InterruptedJobs, int ReapedEndpoints, int SchemaVersion, string Store)
{
    /// <summary>Unfinished jobs queued again (on a fleet); the other interrupted ones failed.</summary>
    public int ResumedJobs { get; init; }
}
