using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RightSize.Endpoints;
using RightSize.Load;

namespace RightSize.Autoscaling;

/// <summary>
/// The validation run's load balancer: a small Kestrel reverse proxy on 127.0.0.1 that forwards each POST /invocations
/// to the next instance in rotation (round robin), counts invocations per instance and records latencies and errors
/// for the autoscaler's metric period.
/// </summary>
internal sealed class RoundRobinBalancer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = int.MaxValue,
    });

    private volatile BalancedInstance[] _rotation = [];
    private LatencyHistogram _latency = new();
    private long _next;
    private long _requests;
    private long _errors;

    private RoundRobinBalancer(WebApplication app) => _app = app;

    public Uri InvocationsUrl { get; private set; } = null!;

    public IReadOnlyList<BalancedInstance> Rotation => _rotation;

    public static async Task<RoundRobinBalancer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var balancer = new RoundRobinBalancer(app);
        app.MapPost("/invocations", (RequestDelegate)balancer.ForwardAsync);
        app.MapGet("/ping", (RequestDelegate)(c =>
        {
            c.Response.StatusCode = balancer._rotation.Length > 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        }));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        balancer.InvocationsUrl = new Uri(new Uri(address), "invocations");
        return balancer;
    }

    public void Add(BalancedInstance instance) => _rotation = [.. _rotation, instance];

    /// <summary>Takes the newest instance out of rotation (requests already forwarded to it still complete).</summary>
    public BalancedInstance? RemoveNewest()
    {
        var rotation = _rotation;
        if (rotation.Length == 0)
        {
            return null;
        }

        _rotation = rotation[..^1];
        return rotation[^1];
    }

    /// <summary>What the balancer saw since the previous call: invocations, failures and latencies of successes.</summary>
    public (long Invocations, long Errors, LatencyHistogram Latency) TakePeriod() =>
        (Interlocked.Exchange(ref _requests, 0), Interlocked.Exchange(ref _errors, 0), Interlocked.Exchange(ref _latency, new LatencyHistogram()));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _client.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var rotation = _rotation;
        if (rotation.Length == 0)
        {
            Interlocked.Increment(ref _requests);
            Interlocked.Increment(ref _errors);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var instance = rotation[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)rotation.Length)];
        var started = TimeProvider.System.GetTimestamp();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        using var request = new HttpRequestMessage(HttpMethod.Post, instance.Endpoint.InvocationsUrl) { Content = new ByteArrayContent(body.ToArray()) };
        if (context.Request.ContentType is { } contentType)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        instance.Begin();
        try
        {
            using var response = await _client.SendAsync(request, context.RequestAborted);
            var content = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            var ok = response.IsSuccessStatusCode;
            Record(ok, started);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await context.Response.Body.WriteAsync(content, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            Record(false, started);
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
        finally
        {
            instance.End();
        }
    }

    private void Record(bool success, long started)
    {
        Interlocked.Increment(ref _requests);
        if (success)
        {
            Volatile.Read(ref _latency).Record((long)(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds * 1e6));
        }
        else
        {
            Interlocked.Increment(ref _errors);
        }
    }
}

/// <summary>One instance behind the balancer: its endpoint, invocations forwarded to it, and those still in flight.</summary>
internal sealed class BalancedInstance(IEndpoint endpoint)
{
    private long _invocations;
    private int _inFlight;

    public IEndpoint Endpoint { get; } = endpoint;

    /// <summary>Invocations forwarded to this instance since the previous call.</summary>
    public long TakeInvocations() => Interlocked.Exchange(ref _invocations, 0);

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Begin()
    {
        Interlocked.Increment(ref _invocations);
        Interlocked.Increment(ref _inFlight);
    }

    public void End() => Interlocked.Decrement(ref _inFlight);
}
