using System.Reflection;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using RightSize.Fleet.Agents.Facts;
using RightSize.Fleet.Generation;
using RightSize.Fleet.Nats;
using RightSize.Orchestration;

namespace RightSize.Fleet.Agents;

/// <summary>A running agent: registered in the fleet and heartbeating until disposed, which deregisters it.</summary>
public interface IFleetAgent : IAsyncDisposable
{
    /// <summary>The entry as last written.</summary>
    AgentInfo Info { get; }

    /// <summary>Endpoints (processes, cgroups, containers) an earlier, killed agent on this host left and this one stopped at start.</summary>
    int ReapedEndpoints { get; }
}

/// <summary>Starts <c>rightsize agent</c>'s work.</summary>
public static class FleetAgent
{
    /// <summary>Checks the options, reaps what a killed agent left, connects, registers, heartbeats and takes work; a user mistake comes back as errors.</summary>
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

        var engine = new JobEngine(time, loggers: loggers);
        errors.AddRange(engine.PrepareStateFolder());
        if (errors.Count > 0)
        {
            engine.Dispose();
            return Result<IFleetAgent>.Failure(errors);
        }

        NatsConnection? connection = null;
        try
        {
            var reaped = await engine.ReapLeftoversAsync(cancellationToken);
            var connected = await NatsConnector.ConnectAsync(nats with { ClientName = "rightsize-agent " + options.Id }, "--nats", loggers, time, cancellationToken);
            if (!connected.Succeeded)
            {
                engine.Dispose();
                return Result<IFleetAgent>.Failure(connected.Errors);
            }

            connection = connected.Value;
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
            var agent = new RunningAgent(connection, registry, engine, info, options.HeartbeatPeriod, time, logger, reaped, generator,
                options.DockerAddress ?? info.Address);
            AgentLog.Registered(agent.Logger, info.Id, info.InstanceType, info.Address);
            return Result<IFleetAgent>.Success(agent);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            engine.Dispose();
            return Result<IFleetAgent>.Failure("--nats", $"could not register at {nats.Url}: {NatsConnectionOptions.Describe(e)}");
        }
    }

    internal static string Version { get; } =
        typeof(FleetAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
