using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RightSize.Catalog;
using RightSize.Endpoints;
using RightSize.Endpoints.Docker;
using RightSize.Orchestration;
using RightSize.Server.Api;
using RightSize.Server.Generative;
using RightSize.Server.Security;
using RightSize.Server.Storage;
using RightSize.Workspaces;

namespace RightSize.Server.Hosting;

/// <summary>The server's services in the generic host's container; the container disposes the store and the engine.</summary>
internal static class ServerServices
{
    /// <summary>How long the store writer keeps retrying a failing store once the server stops, so a dead store cannot hold the shutdown.</summary>
    public static readonly TimeSpan StoreGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers the services. Hosted services start in this order, before Kestrel (the web host starts last), and
    /// stop in reverse after Kestrel has stopped accepting: the job host stops running jobs (STOPPED, as StopJob does)
    /// and waits for their rows, then the store writer writes what is left.
    /// </summary>
    public static IServiceCollection AddRightSizeServer(this IServiceCollection services, ServerOptions options, Workspace workspace, IRecommendationStore store)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Time);
        services.AddSingleton(workspace);
        services.AddSingleton(InstanceCatalog.BuiltIn.WithOverrides(workspace.InstanceTypes));
        services.AddSingleton(new HostFilter(options.AllowedHosts));
        if (options.AccessKeys.Count > 0)
        {
            services.AddSingleton(new SigV4Verifier(options.AccessKeys, options.Time));
        }

        // A factory, so the container owns (and disposes) the store ServerHost created.
        services.AddSingleton(_ => store);
        services.AddSingleton(s =>
        {
            var local = new LocalProcessOptions { LogLinesInReasons = options.EndpointLogLines };
            return new JobEngine(options.Time, options.EndpointStateDirectory is { } state ? local with { StateDirectory = state } : local,
                new DockerOptions { LogTailLines = options.EndpointLogLines }, s.GetRequiredService<ILoggerFactory>(), options.EndpointPlacement, options.LoadGenerators);
        });
        services.AddSingleton<PayloadSpool>();
        services.AddSingleton<StoreStartup>();
        services.AddSingleton<StoreWriter>();
        services.AddSingleton<JobHost>();
        services.AddSingleton<AiJobHost>();
        services.AddSingleton(s => new ServerState(options, s.GetRequiredService<IRecommendationStore>(), s.GetRequiredService<JobHost>(),
            workspace, s.GetRequiredService<InstanceCatalog>(), AllowedRoots(options, workspace), options.Time.GetUtcNow(),
            s.GetRequiredService<AiJobHost>(), s.GetRequiredService<JobEngine>()));
        services.AddSingleton(s => new SageMakerEndpoint(s.GetRequiredService<ServerState>(), s.GetService<SigV4Verifier>()));

        services.AddHostedService(s => s.GetRequiredService<StoreStartup>());
        services.AddHostedService(s => s.GetRequiredService<StoreWriter>());
        services.AddHostedService(s => s.GetRequiredService<JobHost>());
        services.AddHostedService(s => s.GetRequiredService<AiJobHost>());
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(25));
        return services;
    }

    private static string[] AllowedRoots(ServerOptions options, Workspace workspace) => options.AllowedRoots.Count > 0
        ? [.. options.AllowedRoots.Select(r => Path.GetFullPath(r, options.WorkingDirectory))]
        : [workspace.Folder, options.DataFolder];
}
