using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RightSize.Catalog;
using RightSize.Endpoints;
using RightSize.Endpoints.Docker;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Server.Api;
using RightSize.Server.Dashboard;
using RightSize.Server.Hosting;
using RightSize.Server.Security;
using RightSize.Server.Storage;
using RightSize.Server.Telemetry;
using RightSize.Workspaces;

namespace RightSize.Server;

/// <summary>
/// Starts the control plane: checks the options, opens and migrates the store, recovers what a killed server left,
/// and serves the SageMaker API and its read API on Kestrel, and the dashboard on its own port. Bad options come back as errors, not exceptions.
/// </summary>
public static class ServerHost
{
    public static async Task<Result<RunningServer>> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        var errors = new List<ValidationError>(BindRules.Check(options.Urls, options.AccessKeys.Count > 0));
        errors.AddRange(DashboardServer.Check(options));
        var workspace = WorkspaceFile.Load(options.WorkspacePath, options.WorkingDirectory);
        errors.AddRange(workspace.Errors);
        if (options.MaxConcurrentJobs < 1 || options.MaxQueuedJobs < 1 || options.MaxRequestBytes < 1024)
        {
            errors.Add(new("options", "MaxConcurrentJobs and MaxQueuedJobs must be at least 1, MaxRequestBytes at least 1024"));
        }

        errors.AddRange(options.AllowedRoots.Where(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r, options.WorkingDirectory)) == "/")
            .Select(r => new ValidationError("--allowed-root", $"'{r}' is the filesystem root, which would let API callers read every file: name a folder")));
        if (errors.Count > 0)
        {
            return Result<RunningServer>.Failure(errors);
        }

        var store = options.ConnectionString is { } connection
            ? RecommendationStores.Postgres(connection, options.Time)
            : RecommendationStores.Sqlite(options.DataFolder, options.Time);
        int version, interrupted;
        try
        {
            version = await store.MigrateAsync(cancellationToken);
            interrupted = await Recovery.FailInterruptedJobsAsync(store, options.Time.GetUtcNow(), cancellationToken);
        }
        catch (Exception e) when (e is DbException or IOException or ArgumentException or InvalidOperationException)
        {
            await store.DisposeAsync();
            return Result<RunningServer>.Failure(options.ConnectionString is null ? "--data" : "--db", $"cannot open the store: {e.Message}");
        }

        var local = new LocalProcessOptions { LogLinesInReasons = options.EndpointLogLines };
        var engine = new JobEngine(options.Time, options.EndpointStateDirectory is { } state ? local with { StateDirectory = state } : local,
            new DockerOptions { LogTailLines = options.EndpointLogLines });
        if (engine.PrepareStateFolder() is { Count: > 0 } unsafeFolder)
        {
            engine.Dispose();
            await store.DisposeAsync();
            return Result<RunningServer>.Failure(unsafeFolder);
        }

        var reaped = await engine.ReapLeftoversAsync(cancellationToken);

        var hostFilter = new HostFilter(options.AllowedHosts);
        var app = Build(options, workspace.Value!, store, engine, hostFilter, out var host, out var writer, out var serverState);
        var where = options.ConnectionString is null ? Path.Combine(options.DataFolder, RecommendationStores.SqliteFileName) : "PostgreSQL";
        var server = new RunningServer(app, host, writer, store, engine, new StartReport(interrupted, reaped, version, where));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
        {
            await server.DisposeAsync();
            return Result<RunningServer>.Failure("--urls", $"cannot listen on {options.Urls}: {e.Message}");
        }

        // The rule once more on what Kestrel really bound; the host filter answers nothing until it has passed.
        var bound = BindRules.CheckBound(app.Urls, options.AccessKeys.Count > 0);
        if (bound.Count > 0)
        {
            await server.DisposeAsync();
            return Result<RunningServer>.Failure(bound);
        }

        hostFilter.Open(server.Addresses);
        if (await DashboardServer.StartAsync(options, serverState, cancellationToken) is { } dashboard)
        {
            if (!dashboard.Succeeded)
            {
                await server.DisposeAsync();
                return Result<RunningServer>.Failure(dashboard.Errors);
            }

            server.Dashboard = dashboard.Value;
        }

        return Result<RunningServer>.Success(server);
    }

    private static WebApplication Build(
        ServerOptions options, Workspace workspace, IRecommendationStore store, JobEngine engine, HostFilter hostFilter, out JobHost host, out StoreWriter writer, out ServerState state)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        ServerTelemetry.Configure(builder, options);
        // A failed start comes back as an error naming --urls; the host's own stack trace would only repeat it.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        var app = builder.Build();
        app.Use(hostFilter.InvokeAsync);

        writer = new StoreWriter(store, app.Services.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
            ? factory.CreateLogger("RightSize.Server.Store") : NullLogger.Instance, options.Time);
        host = new JobHost(engine, writer, options.MaxConcurrentJobs, options.MaxQueuedJobs, record => DashboardDownloads.WriteAsync(options, record));
        var roots = options.AllowedRoots.Count > 0
            ? [.. options.AllowedRoots.Select(r => Path.GetFullPath(r, options.WorkingDirectory))]
            : new[] { workspace.Folder, options.DataFolder };
        state = new ServerState(options, store, host, workspace, InstanceCatalog.BuiltIn.WithOverrides(workspace.InstanceTypes), roots, options.Time.GetUtcNow());
        var verifier = options.AccessKeys.Count > 0 ? new SigV4Verifier(options.AccessKeys, options.Time) : null;
        app.MapPost("/", new SageMakerEndpoint(state, verifier).HandleAsync);
        DashboardApi.Map(app, state, verifier);
        ServerTelemetry.Map(app, verifier);
        return app;
    }
}
