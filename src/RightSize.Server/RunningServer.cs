using Microsoft.AspNetCore.Builder;
using RightSize.Orchestration;
using RightSize.Server.Hosting;
using RightSize.Server.Storage;

namespace RightSize.Server;

/// <summary>A started server: where it listens and what recovery found. Disposing stops running jobs (STOPPED) and closes the store.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly JobHost _host;
    private readonly StoreWriter _writer;
    private readonly IRecommendationStore _store;
    private readonly JobEngine _engine;

    internal RunningServer(WebApplication app, JobHost host, StoreWriter writer, IRecommendationStore store, JobEngine engine, StartReport report)
    {
        _app = app;
        _host = host;
        _writer = writer;
        _store = store;
        _engine = engine;
        Report = report;
    }

    /// <summary>The bound addresses (with real ports when port 0 was asked).</summary>
    public IReadOnlyList<Uri> Addresses => [.. _app.Urls.Select(u => new Uri(u))];

    public Uri Address => Addresses[0];

    public StartReport Report { get; }

    /// <summary>Where the dashboard listens; null when it is turned off (<c>--dashboard-urls none</c>).</summary>
    public Uri? DashboardAddress => Dashboard?.Addresses[0];

    internal Dashboard.DashboardServer? Dashboard { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }

        await _app.StopAsync(CancellationToken.None);
        // Stopped jobs wait for their rows to be written; a store that stays down must not hold the shutdown forever.
        _writer.GiveUpAfter(TimeSpan.FromSeconds(10));
        await _host.DisposeAsync();
        await _writer.DisposeAsync();
        await _store.DisposeAsync();
        _engine.Dispose();
        await _app.DisposeAsync();
    }
}

/// <summary>What the server did at start: unfinished jobs it marked FAILED and leftover endpoints it stopped.</summary>
public sealed record StartReport(int InterruptedJobs, int ReapedEndpoints, int SchemaVersion, string Store);
