using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RightSize.Server.Security;

namespace RightSize.Server.Dashboard;

/// <summary>
/// The dashboard on its own port (<c>--dashboard-urls</c>): its pages and assets from the binary, the read API, and the
/// browser's writes (create, stop) behind a session when access keys are configured. Same bind rule and host filter as
/// the API: loopback only without keys.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    public const string Option = "--dashboard-urls";

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app) => _app = app;

    public IReadOnlyList<Uri> Addresses => [.. _app.Urls.Select(u => new Uri(u))];

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
        var wildcard = first.Contains("://*", StringComparison.Ordinal) || first.Contains("://+", StringComparison.Ordinal);
        if (!Uri.TryCreate(first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
            UriKind.Absolute, out var uri))
        {
            return first; // --urls is reported as invalid already
        }

        var port = uri.Port == 0 ? 0 : uri.Port + 1;
        return $"{uri.Scheme}://{(wildcard ? "*" : uri.Host)}:{port}";
    }

    /// <summary>The API's bind rule on the dashboard's URLs, each error naming <c>--dashboard-urls</c>.</summary>
    public static IReadOnlyList<ValidationError> Check(ServerOptions options) => UrlsFor(options) is { } urls
        ? [.. BindRules.Check(urls, options.AccessKeys.Count > 0).Select(e => e with { Path = Option })]
        : [];

    /// <summary>Starts the dashboard, or answers why it cannot listen; a null value when it is turned off.</summary>
    public static async Task<Result<DashboardServer>?> StartAsync(ServerOptions options, ServerState state, CancellationToken cancellationToken)
    {
        if (UrlsFor(options) is not { } urls)
        {
            return null;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        var app = builder.Build();
        var hostFilter = new HostFilter(options.AllowedHosts);
        app.Use(hostFilter.InvokeAsync);
        var sessions = new DashboardSessions(options.AccessKeys, options.Time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RightSize.Server.Dashboard"));
        DashboardRoutes.Map(app, state, sessions);
        var dashboard = new DashboardServer(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
        {
            await app.DisposeAsync();
            return Result<DashboardServer>.Failure(Option, $"cannot listen on {urls}: {e.Message}");
        }

        var bound = BindRules.CheckBound(app.Urls, options.AccessKeys.Count > 0);
        if (bound.Count > 0)
        {
            await dashboard.DisposeAsync();
            return Result<DashboardServer>.Failure([.. bound.Select(e => e with { Path = Option })]);
        }

        hostFilter.Open(dashboard.Addresses);
        return Result<DashboardServer>.Success(dashboard);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
