using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RightSize.Server.Api;
using RightSize.Server.Dashboard;
using RightSize.Server.Hosting;
using RightSize.Server.ReadApi;
using RightSize.Server.Security;
using RightSize.Server.Storage;
using RightSize.Server.Telemetry;
using RightSize.Workspaces;

namespace RightSize.Server;

/// <summary>
/// Starts the control plane on the generic host: checks the options, registers the services (<see cref="ServerServices"/>),
/// and starts the hosted services (store migration and recovery, the store writer, the job host) and then Kestrel with
/// the SageMaker API and its read API; the dashboard is a hosted service on its own port. Bad options come back as errors naming the option, not exceptions.
/// </summary>
public static class ServerHost
{
    public static async Task<Result<RunningServer>> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        var errors = OptionChecks.Check(options);
        errors.AddRange(DashboardServer.Check(options, urlsHaveErrors: errors.Any(e => e.Path == "--urls")));
        var workspace = WorkspaceFile.Load(options.WorkspacePath, options.WorkingDirectory);
        errors.AddRange(workspace.Errors);
        if (errors.Count > 0)
        {
            return Result<RunningServer>.Failure(errors);
        }

        IRecommendationStore store;
        try
        {
            store = options.ConnectionString is { } connection
                ? RecommendationStores.Postgres(connection, options.Time)
                : RecommendationStores.Sqlite(options.DataFolder, options.Time);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Result<RunningServer>.Failure([StoreStartup.StoreError(options, e)]);
        }

        var app = Build(options, workspace.Value!, store);
        var server = new RunningServer(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (StartupFailedException e)
        {
            await server.DisposeAsync();
            return Result<RunningServer>.Failure(e.Errors);
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

        app.Services.GetRequiredService<HostFilter>().Open(server.Addresses);
        return Result<RunningServer>.Success(server);
    }

    private static WebApplication Build(ServerOptions options, Workspace workspace, IRecommendationStore store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        ServerTelemetry.Configure(builder, options);
        // A failed start comes back as an error naming the option; the host's own stack trace would only repeat it.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.AddRightSizeServer(options, workspace, store);
        builder.Services.AddDashboard(options);
        var app = builder.Build();
        app.Use(app.Services.GetRequiredService<HostFilter>().InvokeAsync);
        var verifier = app.Services.GetService<SigV4Verifier>();
        app.MapPost("/", app.Services.GetRequiredService<SageMakerEndpoint>().HandleAsync);
        ReadRoutes.Map(app, verifier);
        ServerTelemetry.Map(app, verifier);
        return app;
    }
}
