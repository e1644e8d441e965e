using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RightSize.Server.Hosting;
using RightSize.Server.Security;

namespace RightSize.Server.Dashboard;

/// <summary>
/// The dashboard on its own port (<c>--dashboard-urls</c>): its pages and assets from the binary, the read API, and the
/// browser's writes (create, stop) behind a session when access keys are configured. Same bind rule and host filter as
/// the API: loopback only without keys. A hosted service of the server's host, with its own Kestrel.
/// </summary>
internal sealed class DashboardServer : IHostedService, IAsyncDisposable
{
    public const string Option = "--dashboard-urls";

    private readonly ServerOptions _options;
    private readonly ServerState _state;
    private readonly ILogger _logger;
    private readonly IServer _api;
    private WebApplication? _app;

    /// <param name="api">The SageMaker API's server, whose bound address the page's "copy as code" needs.</param>
    public DashboardServer(ServerOptions options, ServerState state, ILoggerFactory loggers, IServer api)
    {
        _options = options;
        _state = state;
        _api = api;
        _logger = loggers.CreateLogger("RightSize.Server.Dashboard");
    }

    /// <summary>
    /// Where the page's copied commands send requests: the API's scheme and bound port (the page's own host name goes
    /// with them, since the API may listen on a wildcard) and the region it signs for; no port before the API listens.
    /// </summary>
    private ApiTarget ApiTarget() =>
        _api.Features.Get<IServerAddressesFeature>()?.Addresses.Select(a => ListenUrl.TryParse(a, out var uri) ? uri : null)
            .FirstOrDefault(u => u is not null) is { } first
            ? new ApiTarget(first.Scheme, first.Port, _options.Region)
            : new ApiTarget(null, null, _options.Region);

    /// <summary>The bound addresses (real ports when port 0 was asked); empty before start.</summary>
    public IReadOnlyList<Uri> Addresses => _app is null ? [] : [.. _app.Urls.Select(u => new Uri(u))];

    /// <summary>
    /// Where the dashboard listens: <see cref="ServerOptions.DashboardUrls"/>, or by default the first API URL's host on
    /// the next port (8080 gives 8081; port 0 stays 0, any free port); null when turned off with <c>none</c>.
    /// </summary>
    public static string? UrlsFor(ServerOptions options)
    {
        if (options.DashboardUrls is { } urls)
        {
            return urls.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? null : urls;
        }

        var first = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? ServerOptions.DefaultUrl;
        var wildcard = ListenUrl.IsWildcard(first);
        if (!ListenUrl.TryParse(first, out var uri))
        {
            return first; // --urls is reported as invalid already
        }

        var port = uri.Port == 0 ? 0 : uri.Port + 1;
        return $"{uri.Scheme}://{(wildcard ? "*" : uri.Host)}:{port}";
    }

    /// <summary>
    /// The API's bind rule on the dashboard's URLs, each error naming <c>--dashboard-urls</c>. URLs derived from a bad
    /// <c>--urls</c> are not checked: the fix is in <c>--urls</c>, whose error already says it.
    /// </summary>
    public static IReadOnlyList<ValidationError> Check(ServerOptions options, bool urlsHaveErrors) =>
        UrlsFor(options) is { } urls && !(options.DashboardUrls is null && urlsHaveErrors)
            ? [.. BindRules.Check(urls, options.AccessKeys.Count > 0).Select(e => e with { Path = Option })]
            : [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (UrlsFor(_options) is not { } urls)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = _options.MaxRequestBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole();
        builder.Logging.SetMinimumLevel(_options.LogLevel);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        // The read API's handlers take the server's state from their container.
        builder.Services.AddSingleton(_state);
        builder.Services.AddSignInLimit();
        var app = builder.Build();
        var hostFilter = new HostFilter(_options.AllowedHosts);
        app.Use(hostFilter.InvokeAsync);
        app.UseRateLimiter();
        DashboardRoutes.Map(app, _state, new DashboardSessions(_options.AccessKeys, _options.Time, _logger), ApiTarget);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
        {
            await app.DisposeAsync();
            throw new StartupFailedException([new ValidationError(Option, $"cannot listen on {urls}: {e.Message}")]);
        }

        _app = app;
        var bound = BindRules.CheckBound(app.Urls, _options.AccessKeys.Count > 0);
        if (bound.Count > 0)
        {
            throw new StartupFailedException([.. bound.Select(e => e with { Path = Option })]);
        }

        hostFilter.Open(Addresses);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>The dashboard's one registration where the server is built.</summary>
internal static class DashboardServices
{
    /// <summary>Registers the dashboard (a hosted service that starts after the job host and stops before it) and its report files.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton<IJobEndedObserver>(new DashboardReports(options));
        if (DashboardServer.UrlsFor(options) is not null)
        {
            services.AddSingleton<DashboardServer>();
            services.AddHostedService(s => s.GetRequiredService<DashboardServer>());
        }

        return services;
    }
}
