using System.Reflection;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using RightSize.Fleet.Agents.Facts;
using RightSize.Fleet.Generation;
using RightSize.Fleet.Nats;

namespace RightSize.Fleet.Agents;

/// <summary>A running agent: registered in the fleet and heartbeating until disposed, which deregisters it.</summary>
public interface IFleetAgent : IAsyncDisposable
{
    /// <summary>The entry as last written.</summary>
    AgentInfo Info { get; }
}

/// <summary>Starts <c>rightsize agent</c>'s work.</summary>
public static class FleetAgent
{
    /// <summary>Checks the options, connects, registers and starts the heartbeat; a user mistake comes back as errors.</summary>
    public static async Task<Result<IFleetAgent>> StartAsync(
        AgentOptions options, NatsConnectionOptions nats, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var errors = options.Validate().Concat(nats.Validate()).ToList();
        var facts = HostFactsProbe.Read();
        var instanceType = options.InstanceTypeOn(facts);
        if (instanceType is null)
        {
            errors.Add(new("--instance-type", "this host's instance type is not detected (no cloud DMI); give the type it stands for, e.g. --instance-type ml.m5.xlarge."));
        }

        if (errors.Count > 0)
        {
            return Result<IFleetAgent>.Failure(errors);
        }

        var connection = new NatsConnection((nats with { ClientName = "rightsize-agent " + options.Id }).ToNatsOpts());
        try
        {
            await connection.ConnectAsync();
            var registry = await AgentRegistry.CreateAsync(connection, options.HeartbeatTtl, cancellationToken);
            var now = time.GetUtcNow();
            var info = new AgentInfo
            {
                Id = options.Id,
                Address = options.Address ?? AgentAddress.Detect(nats.Url),
                InstanceType = instanceType!,
                Facts = facts,
                Roles = options.Roles,
                Labels = options.Labels,
                Version = Version,
                ProcessId = Environment.ProcessId,
                StartedAt = now,
                HeartbeatAt = now,
            };
            await registry.PutAsync(info, cancellationToken);
            var logger = loggers.CreateLogger("RightSize.Fleet.Agent");
            var generator = options.Roles.Contains(AgentRole.Generator)
                ? await GeneratorService.StartAsync(connection, info.Id, time, logger, cancellationToken)
                : null;
            var agent = new RunningAgent(connection, registry, info, options.HeartbeatPeriod, time, logger, generator);
            AgentLog.Registered(agent.Logger, info.Id, info.InstanceType, info.Address);
            return Result<IFleetAgent>.Success(agent);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            await connection.DisposeAsync();
            return Result<IFleetAgent>.Failure("--nats", $"could not register at {nats.Url}: {e.Message}");
        }
    }

    internal static string Version { get; } =
        typeof(FleetAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}

internal sealed class RunningAgent : IFleetAgent
{
    private readonly NatsConnection _connection;
    private readonly IAgentRegistry _registry;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;

    private readonly GeneratorService? _generator;

    public RunningAgent(NatsConnection connection, IAgentRegistry registry, AgentInfo info, TimeSpan period, TimeProvider time, ILogger logger, GeneratorService? generator)
    {
        _generator = generator;
        _connection = connection;
        _registry = registry;
        _time = time;
        Info = info;
        Logger = logger;
        _heartbeat = BeatAsync(period, _stop.Token);
    }

    public AgentInfo Info { get; private set; }

    public ILogger Logger { get; }

    public async ValueTask DisposeAsync()
    {
        // Running loads stop first and send their last seconds and reports while the connection is up.
        if (_generator is not null)
        {
            await _generator.DisposeAsync();
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
        _stop.Dispose();
    }

    private async Task BeatAsync(TimeSpan period, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    Info = Info with { HeartbeatAt = _time.GetUtcNow() };
                    await _registry.PutAsync(Info, stop);
                }
                catch (NatsException e)
                {
                    AgentLog.HeartbeatFailed(Logger, Info.Id, e);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed: the heartbeat ends.
        }
    }
}
