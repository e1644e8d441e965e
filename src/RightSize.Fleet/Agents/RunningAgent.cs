using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using RightSize.Fleet.Generation;
using RightSize.Orchestration;

namespace RightSize.Fleet.Agents;

internal sealed class RunningAgent : IFleetAgent
{
    private readonly NatsConnection _connection;
    private readonly IAgentRegistry _registry;
    private readonly JobEngine _engine;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly SortedSet<string> _work = new(StringComparer.Ordinal);
    private readonly Task _heartbeat;
    private readonly EndpointWorker? _endpoints;
    private readonly GeneratorService? _generator;
    private AgentInfo _info;

    public RunningAgent(NatsConnection connection, IAgentRegistry registry, JobEngine engine, AgentInfo info, TimeSpan period, TimeProvider time, ILogger logger, int reaped,
        GeneratorService? generator, string dockerAddress)
    {
        _generator = generator;
        _connection = connection;
        _registry = registry;
        _engine = engine;
        _time = time;
        _info = info;
        Logger = logger;
        ReapedEndpoints = reaped;
        _heartbeat = BeatAsync(period, _stop.Token);
        _endpoints = info.Roles.Contains(AgentRole.Endpoint) ? new EndpointWorker(connection, engine, this, dockerAddress, time) : null;
    }

    public AgentInfo Info
    {
        get
        {
            lock (_work)
            {
                return _info;
            }
        }
    }

    public int ReapedEndpoints { get; }

    public ILogger Logger { get; }

    /// <summary>Adds or removes an endpoint from the agent's current work and writes the entry at once, so the fleet sees it before the next beat.</summary>
    public async Task SetWorkAsync(string endpointName, bool starting)
    {
        AgentInfo info;
        lock (_work)
        {
            _ = starting ? _work.Add(endpointName) : _work.Remove(endpointName);
            _info = info = _info with { CurrentWork = _work.Count == 0 ? null : "endpoint " + string.Join(", ", _work), HeartbeatAt = _time.GetUtcNow() };
        }

        await PutAsync(info, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        // Running loads stop first and send their last seconds and reports while the connection is up.
        if (_generator is not null)
        {
            await _generator.DisposeAsync();
        }

        if (_endpoints is not null)
        {
            await _endpoints.DisposeAsync();
        }

        await _stop.CancelAsync();
        await _heartbeat;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _registry.RemoveAsync(Info.Id, timeout.Token);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            AgentLog.DeregisterFailed(Logger, Info.Id, e);
        }

        await _connection.DisposeAsync();
        _engine.Dispose();
        _stop.Dispose();
    }

    private async Task BeatAsync(TimeSpan period, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                AgentInfo info;
                lock (_work)
                {
                    _info = info = _info with { HeartbeatAt = _time.GetUtcNow() };
                }

                await PutAsync(info, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed: the heartbeat ends.
        }
    }

    private async Task PutAsync(AgentInfo info, CancellationToken stop)
    {
        try
        {
            await _registry.PutAsync(info, stop);
        }
        catch (NatsException e)
        {
            AgentLog.HeartbeatFailed(Logger, info.Id, e);
        }
    }
}
