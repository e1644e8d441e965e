using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RightSize.Core.Tests.Infrastructure;

/// <summary>How a <see cref="TestTarget"/> behaves.</summary>
public sealed record TestTargetOptions
{
    /// <summary>Requests served at once; more wait in line. Capacity is Slots / ServiceTime.</summary>
    public int Slots { get; init; } = 64;

    /// <summary>How long a request holds its slot; zero answers at once.</summary>
    public TimeSpan ServiceTime { get; init; }

    /// <summary>When above zero, every ErrorEvery-th invocation (1-based) is answered with <see cref="ErrorStatus"/>.</summary>
    public int ErrorEvery { get; init; }

    public int ErrorStatus { get; init; } = StatusCodes.Status500InternalServerError;

    /// <summary>The size of each successful response body, in bytes.</summary>
    public int ResponseBytes { get; init; } = 16;

    /// <summary>When above zero, the StallAtInvocation-th invocation (1-based) starts a <see cref="TestTarget.Stall"/> of <see cref="StallFor"/> on arrival.</summary>
    public int StallAtInvocation { get; init; }

    public TimeSpan StallFor { get; init; }
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) that plays an inference endpoint for tests: <c>POST /invocations</c>
/// and <c>GET /ping</c>, with a known capacity (slots and service time), injected errors, stalls on demand, and
/// counters. Start it with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed class TestTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestTargetOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly byte[] _response;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _connections = new();
    private Task _gate = Task.CompletedTask;
    private long _invocations;
    private long _completed;
    private long _pings;
    private long _bytesReceived;
    private string? _lastContentType;
    private long _serviceTicks;
    private long _served;
    private int _inFlight;
    private int _maxInFlight;

    private TestTarget(TestTargetOptions options)
    {
        _options = options;
        _slots = new SemaphoreSlim(options.Slots, options.Slots);
        _response = new byte[options.ResponseBytes];
        Array.Fill(_response, (byte)'x');
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/ping", () =>
        {
            Interlocked.Increment(ref _pings);
            return Microsoft.AspNetCore.Http.Results.Ok();
        });
        _app.MapPost("/invocations", InvokeAsync);
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public Uri InvocationsUri => new(BaseAddress, "invocations");

    public Uri PingUri => new(BaseAddress, "ping");

    /// <summary>Invocations received (counted on arrival, before any waiting).</summary>
    public long Invocations => Interlocked.Read(ref _invocations);

    /// <summary>Invocations answered.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    public long Pings => Interlocked.Read(ref _pings);

    /// <summary>
    /// The mean time an invocation held its slot, which is the service time plus the timer's overshoot (about a
    /// millisecond on Linux): the target's true capacity is Slots / this.
    /// </summary>
    public TimeSpan ObservedServiceTime
    {
        get
        {
            var served = Interlocked.Read(ref _served);
            return served == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Interlocked.Read(ref _serviceTicks) / served);
        }
    }

    /// <summary>The slots' total busy time: over Slots x wall time, the target's utilization.</summary>
    public TimeSpan BusyTime => TimeSpan.FromTicks(Interlocked.Read(ref _serviceTicks));

    /// <summary>Distinct connections that carried invocations.</summary>
    public int Connections => _connections.Count;

    /// <summary>Request body bytes received by <c>/invocations</c>.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>The Content-Type of the latest invocation.</summary>
    public string? LastContentType => Volatile.Read(ref _lastContentType);

    /// <summary>The most invocations the server held at once (waiting for a slot included).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>True while a <see cref="Stall"/> holds invocations.</summary>
    public bool Stalled => !Volatile.Read(ref _gate).IsCompleted;

    public static async Task<TestTarget> StartAsync(TestTargetOptions? options = null)
    {
        var target = new TestTarget(options ?? new TestTargetOptions());
        await target._app.StartAsync();
        var address = target._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        target.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        await target.WarmUpAsync();
        return target;
    }

    /// <summary>A URL on 127.0.0.1 where nothing listens (the port was bound and released), for connection errors.</summary>
    public static Uri ClosedPortUri()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/invocations");
    }

    /// <summary>Holds every invocation (in progress or arriving) for <paramref name="duration"/> from now, once.</summary>
    public void Stall(TimeSpan duration)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _gate, release.Task);
        _ = Task.Delay(duration).ContinueWith(
            _ =>
            {
                Volatile.Write(ref _gate, Task.CompletedTask);
                release.SetResult();
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _slots.Dispose();
    }

    /// <summary>
    /// Pings once so the first measured requests do not pay for JIT-compiling Kestrel and the HTTP client (about a
    /// second on a cold test host); the ping is not counted.
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(PingUri);
        response.EnsureSuccessStatusCode();
        Interlocked.Exchange(ref _pings, 0);
    }

    private async Task InvokeAsync(HttpContext context)
    {
        var n = Interlocked.Increment(ref _invocations);
        if (n == _options.StallAtInvocation)
        {
            Stall(_options.StallFor);
        }

        _connections.TryAdd(context.Connection.Id, 0);
        var inFlight = Interlocked.Increment(ref _inFlight);
        int seen;
        while (inFlight > (seen = Volatile.Read(ref _maxInFlight)) &&
               Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen)
        {
        }

        try
        {
            var aborted = context.RequestAborted;
            Volatile.Write(ref _lastContentType, context.Request.ContentType);
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, aborted);
            Interlocked.Add(ref _bytesReceived, body.Length);
            await _slots.WaitAsync(aborted);
            var start = Stopwatch.GetTimestamp();
            try
            {
                if (_options.ServiceTime > TimeSpan.Zero)
                {
                    await Task.Delay(_options.ServiceTime, aborted);
                }

                await Volatile.Read(ref _gate).WaitAsync(aborted);
            }
            finally
            {
                Interlocked.Add(ref _serviceTicks, Stopwatch.GetElapsedTime(start).Ticks);
                Interlocked.Increment(ref _served);
                _slots.Release();
            }

            if (_options.ErrorEvery > 0 && n % _options.ErrorEvery == 0)
            {
                context.Response.StatusCode = _options.ErrorStatus;
                return;
            }

            context.Response.ContentLength = _response.Length;
            await context.Response.Body.WriteAsync(_response, aborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away (its timeout or a cancelled run); nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _completed);
        }
    }
}
