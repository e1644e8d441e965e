using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Endpoints.Serverless;

/// <summary>
/// A serverless endpoint: a Kestrel gate on 127.0.0.1 in front of the model. Beyond MaxConcurrency requests in flight
/// it answers 429 (SageMaker's ThrottlingException); after the idle period it stops the model, and the next request
/// waits for a cold start (start and healthy /ping) before it is forwarded.
/// </summary>
internal sealed class ServerlessEndpoint : IEndpoint
{
    private readonly Func<CancellationToken, Task<EndpointProvisioning>> _start;
    private readonly HttpClient _http;
    private readonly int _maxConcurrency;
    private readonly TimeSpan _idle;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _warm = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Caveat> _caveats = [];
    private WebApplication? _gate;
    private Task? _idleLoop;
    private IEndpoint? _model;
    private int _inFlight;
    private long _lastActivity;

    public ServerlessEndpoint(Func<CancellationToken, Task<EndpointProvisioning>> start, HttpClient http, int maxConcurrency, TimeSpan idle, TimeProvider time)
    {
        _start = start;
        _http = http;
        _maxConcurrency = maxConcurrency;
        _idle = idle;
        _time = time;
        _lastActivity = time.GetTimestamp();
    }

    public Uri InvocationsUrl { get; private set; } = new("http://127.0.0.1/invocations");

    public TimeSpan? ModelSetupTime { get; private set; }

    public IReadOnlyList<Caveat> Caveats => _caveats;

    /// <summary>How many cold starts the endpoint has had (the first included).</summary>
    public int ColdStarts { get; private set; }

    public bool IsWarm => Volatile.Read(ref _model) is not null;

    public string? FailureReason => Volatile.Read(ref _model)?.FailureReason;

    /// <summary>Starts the gate and the first cold start; null when ready, else why not.</summary>
    public async Task<string?> StartAsync(CancellationToken cancellationToken)
    {
        if (await ColdStartAsync(cancellationToken) is { } failure)
        {
            return failure;
        }

        _gate = BuildGate();
        await _gate.StartAsync(cancellationToken);
        var address = _gate.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        InvocationsUrl = new Uri(new Uri(address.TrimEnd('/') + "/"), "invocations");
        _caveats.Add(new Caveat(CaveatKind.Note, string.Create(CultureInfo.InvariantCulture,
            $"serverless: at most {_maxConcurrency} concurrent invocations (429 beyond), scales to zero after {_idle.TotalSeconds:0} s idle; CPU in proportion to memory (1 vCPU per {ServerlessRules.MegabytesPerVCpu:0} MB)")));
        _idleLoop = ScaleToZeroWhenIdleAsync(_stopping.Token);
        return null;
    }

    public ResourceSample SampleResources() => Volatile.Read(ref _model)?.SampleResources() ?? new ResourceSample(0, 0);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_gate is not null)
        {
            await _gate.StopAsync(CancellationToken.None);
            await _gate.DisposeAsync();
        }

        if (_idleLoop is not null)
        {
            await _idleLoop;
        }

        await ScaleToZeroAsync();
        _stopping.Dispose();
        _warm.Dispose();
    }

    private WebApplication BuildGate()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/ping", () => Microsoft.AspNetCore.Http.Results.Ok());
        app.MapPost("/invocations", InvokeAsync);
        return app;
    }

    private async Task InvokeAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _inFlight) > _maxConcurrency)
        {
            Interlocked.Decrement(ref _inFlight);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await context.Response.WriteAsJsonAsync(
                new ThrottlingError("ThrottlingException", $"more than MaxConcurrency {_maxConcurrency} invocations in flight"),
                ServerlessJsonContext.Default.ThrottlingError, cancellationToken: context.RequestAborted);
            return;
        }

        try
        {
            if (await ColdStartAsync(context.RequestAborted) is { } failure)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync(failure, context.RequestAborted);
                return;
            }

            await ForwardAsync(context, _model!.InvocationsUrl);
        }
        finally
        {
            Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task ForwardAsync(HttpContext context, Uri target)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StreamContent(context.Request.Body) };
        if (context.Request.ContentType is { } type)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } responseType)
        {
            context.Response.ContentType = responseType.ToString();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>Starts the model if it is scaled to zero and waits until it is healthy; null when warm.</summary>
    private async Task<string?> ColdStartAsync(CancellationToken cancellationToken)
    {
        if (IsWarm)
        {
            return null;
        }

        await _warm.WaitAsync(cancellationToken);
        try
        {
            if (IsWarm)
            {
                return null;
            }

            var started = _time.GetTimestamp();
            var provisioning = await _start(cancellationToken);
            if (provisioning.Endpoint is not { } model)
            {
                return provisioning.FailureReason;
            }

            if (ColdStarts++ == 0)
            {
                ModelSetupTime = _time.GetElapsedTime(started);
                _caveats.AddRange(model.Caveats);
            }

            Volatile.Write(ref _model, model);
            return null;
        }
        finally
        {
            _warm.Release();
        }
    }

    private async Task ScaleToZeroWhenIdleAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), _time, stopping);
                if (IsWarm && Volatile.Read(ref _inFlight) == 0 && _time.GetElapsedTime(Interlocked.Read(ref _lastActivity)) >= _idle)
                {
                    await ScaleToZeroAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private async Task ScaleToZeroAsync()
    {
        await _warm.WaitAsync(CancellationToken.None);
        try
        {
            // A request that arrived meanwhile keeps the model warm.
            if (_model is { } model && (_stopping.IsCancellationRequested || Volatile.Read(ref _inFlight) == 0))
            {
                Volatile.Write(ref _model, null);
                await model.DisposeAsync();
            }
        }
        finally
        {
            _warm.Release();
        }
    }
}
