using System.Data.Common;
using Microsoft.Extensions.Hosting;
using RightSize.Orchestration;
using RightSize.Server.Storage;

namespace RightSize.Server.Hosting;

/// <summary>
/// The first hosted service: migrates the store, fails the jobs a killed server left unfinished, stops the endpoints
/// it left running and deletes the payloads its queue left, before the job host and Kestrel start. What it found is the server's <see cref="StartReport"/>.
/// On a fleet, unfinished jobs are resumed instead (<see cref="JobResume"/>), once the payload spool is ready.
/// </summary>
internal sealed class StoreStartup(ServerOptions options, IRecommendationStore store, JobEngine engine, PayloadSpool spool, ServerState state) : IHostedService
{
    public StartReport? Report { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        int version, interrupted;
        try
        {
            version = await store.MigrateAsync(cancellationToken);
            interrupted = options.FleetLeftovers is null ? await Recovery.FailInterruptedJobsAsync(store, options.Time.GetUtcNow(), cancellationToken) : 0;
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new StartupFailedException([StoreError(options, e)]);
        }

        if (engine.PrepareStateFolder() is { Count: > 0 } unsafeFolder)
        {
            throw new StartupFailedException(unsafeFolder);
        }

        if (spool.Prepare() is { } unsafeSpool)
        {
            throw new StartupFailedException([unsafeSpool]);
        }

        var reaped = await engine.ReapLeftoversAsync(cancellationToken);
        var resumed = 0;
        if (options.FleetLeftovers is { } leftovers)
        {
            (resumed, interrupted) = await JobResume.ResumeAsync(state, leftovers, cancellationToken);
        }

        var where = options.ConnectionString is null ? Path.Combine(options.DataFolder, RecommendationStores.SqliteFileName) : "PostgreSQL";
        Report = new StartReport(interrupted, reaped, version, where) { ResumedJobs = resumed };
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static ValidationError StoreError(ServerOptions options, Exception e) =>
        new(options.ConnectionString is null ? "--data" : "--db", $"cannot open the store: {e.Message}");
}
