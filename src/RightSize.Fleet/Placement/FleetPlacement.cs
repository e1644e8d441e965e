using System.Text.Json;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using RightSize.Endpoints;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Agents.Facts;
using RightSize.Fleet.Nats;
using RightSize.Fleet.Work;
using RightSize.Results;

namespace RightSize.Fleet.Placement;

/// <summary>The coordinator's side of the fleet: an endpoint provider that places each test's endpoint on an agent of its instance type.</summary>
public interface IFleetPlacement : IFleetLeftovers, IAsyncDisposable
{
    /// <summary>The fleet's agents, for listings.</summary>
    IAgentRegistry Agents { get; }

    /// <summary>The provider for one job, whose agents' health probes send <paramref name="probe"/> (the job's first payload).</summary>
    IEndpointProvider For(Load.Payload probe);

    /// <summary>The fleet's generator agents, which run the load of tests whose endpoints are on agents.</summary>
    Load.ILoadGenerators Generators { get; }
}

/// <summary>Connects the coordinator to NATS.</summary>
public static class FleetPlacement
{
    /// <summary>Connects, retrying the first connect as <see cref="NatsConnector"/> does; NATS.Net logs to <paramref name="loggers"/>.</summary>
    public static async Task<Result<IFleetPlacement>> ConnectAsync(
        NatsConnectionOptions nats, PlacementOptions options, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        if (nats.Validate() is { Count: > 0 } errors)
        {
            return Result<IFleetPlacement>.Failure(errors);
        }

        var connected = await NatsConnector.ConnectAsync(nats with { ClientName = "rightsize-coordinator" }, "--nats", loggers, time, cancellationToken);
        return connected.Succeeded
            ? Result<IFleetPlacement>.Success(new FleetConnection(connected.Value, AgentRegistry.Open(connected.Value), options, time))
            : Result<IFleetPlacement>.Failure(connected.Errors);
    }
}

/// <summary>The coordinator's connection and the agents it has placed endpoints on (one endpoint per agent at a time).</summary>
internal sealed class FleetConnection(NatsConnection nats, IAgentRegistry agents, PlacementOptions options, TimeProvider time) : IFleetPlacement
{
    public NatsConnection Nats => nats;

    public PlacementOptions Options => options;

    public TimeProvider Time => time;

    public IAgentRegistry Agents => agents;

    internal HashSet<string> Reserved { get; } = new(StringComparer.Ordinal);

    public IEndpointProvider For(Load.Payload probe) => new FleetEndpointProvider(this, probe);

    public Load.ILoadGenerators Generators => new Generation.FleetGenerators(nats, agents, options, time);

    public Task<int> StopLeftoversAsync(IReadOnlyCollection<string> endpointNames, CancellationToken cancellationToken) =>
        FleetLeftovers.StopAsync(nats, agents, endpointNames, cancellationToken);

    public async ValueTask DisposeAsync() => await nats.DisposeAsync();
}

internal sealed class FleetEndpointProvider(FleetConnection fleet, Load.Payload probe) : IEndpointProvider
{
    private readonly NatsConnection _nats = fleet.Nats;
    private readonly IAgentRegistry _agents = fleet.Agents;
    private readonly PlacementOptions _options = fleet.Options;
    private readonly TimeProvider _time = fleet.Time;
    private readonly HashSet<string> _reserved = fleet.Reserved;

    /// <summary>Instance-type endpoints of a model; existing URLs and serverless configurations stay on this host.</summary>
    public bool CanProvision(EndpointRequest request) =>
        request.ExistingUrl is null && request.ServerlessConfig is null && request.InstanceType is not null && request.Model is not null;

    public async Task<EndpointProvisioning> ProvisionAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        var agent = await ReserveAsync(request.InstanceType!, request.AvoidAgents, cancellationToken);
        if (agent.Info is not { } info)
        {
            return EndpointProvisioning.Failed(agent.WhyNot!);
        }

        try
        {
            var work = new StartEndpointWork
            {
                EndpointName = request.EndpointName,
                ModelJson = JsonSerializer.Serialize(request.Model!, SageMakerJsonContext.Default.CreateModelRequest),
                ModelDirectory = request.ModelDirectory,
                InstanceType = request.InstanceType!,
                Gpus = request.Gpus,
                Environment = request.Environment,
                SetupDeadlineSeconds = request.SetupDeadline.TotalSeconds,
                LeaseSeconds = _options.Lease.TotalSeconds,
                ProbeBody = probe.Body.ToArray(),
                ProbeContentType = probe.ContentType,
            };
            var answer = await _nats.RequestAsync<byte[], byte[]>(
                WorkSubjects.StartEndpoint(info.Id), JsonSerializer.SerializeToUtf8Bytes(work, FleetJsonContext.Default.StartEndpointWork),
                replyOpts: new NatsSubOpts { Timeout = request.SetupDeadline + TimeSpan.FromSeconds(30) }, cancellationToken: cancellationToken);
            var reply = JsonSerializer.Deserialize(answer.Data, FleetJsonContext.Default.EndpointStartedReply);
            if (reply?.InvocationsUrl is not { } url)
            {
                Release(info.Id);
                return EndpointProvisioning.Failed(reply?.FailureReason ?? $"agent {info.Id} gave no answer the coordinator could read");
            }

            var ran = new Caveat(CaveatKind.Note, $"endpoint ran on agent {info.Id} ({reply.Agent.InstanceType} at {reply.Agent.Address}: {reply.Agent.Facts.Describe()}); no emulated limits");
            return EndpointProvisioning.Started(new RemoteEndpoint(_nats, _agents, reply.Agent, request.EndpointName, new Uri(url),
                reply.ModelSetupSeconds is { } s ? TimeSpan.FromSeconds(s) : null, [.. reply.Caveats, ran], _options.CheckInterval, _time, () => Release(info.Id)));
        }
        catch (NatsException e)
        {
            Release(info.Id);
            return EndpointProvisioning.Failed($"agent {info.Id} ({info.InstanceType} at {info.Address}) did not start endpoint {request.EndpointName}: {e.Message}");
        }
    }

    /// <summary>Waits (up to the deadline) for an idle agent of the type with the endpoint role and reserves it.</summary>
    /// <remarks>Agents in <paramref name="avoid"/> were lost earlier in the test: when no other agent of the type is registered, it fails at once.</remarks>
    private async Task<(AgentInfo? Info, string? WhyNot)> ReserveAsync(string instanceType, IReadOnlySet<string> avoid, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.Deadline;
        while (true)
        {
            var matching = new List<AgentInfo>();
            try
            {
                matching = [.. (await _agents.ListAsync(cancellationToken))
                    .Where(a => a.Roles.Contains(AgentRole.Endpoint) && string.Equals(a.InstanceType, instanceType, StringComparison.OrdinalIgnoreCase) && !avoid.Contains(a.Id))];
            }
            catch (NatsException)
            {
                // NATS is away for a moment: the client reconnects; the deadline still holds.
            }

            lock (_reserved)
            {
                if (matching.FirstOrDefault(a => a.CurrentWork is null && !_reserved.Contains(a.Id)) is { } idle)
                {
                    _reserved.Add(idle.Id);
                    return (idle, null);
                }
            }

            if (avoid.Count > 0 && matching.Count == 0)
            {
                return (null, $"agent {string.Join(", ", avoid)} was lost mid-test and no other agent of instance type {instanceType} with the endpoint role is registered to retry on");
            }

            if (_time.GetUtcNow() >= deadline)
            {
                var why = matching.Count == 0
                    ? $"no agent of instance type {instanceType} with the endpoint role registered within {_options.Deadline.TotalSeconds:0} s (start one: rightsize agent --instance-type {instanceType} --roles endpoint)"
                    : $"every agent of instance type {instanceType} ({string.Join(", ", matching.Select(a => a.Id))}) stayed busy for {_options.Deadline.TotalSeconds:0} s";
                return (null, why);
            }

            await Task.Delay(_options.CheckInterval, _time, cancellationToken);
        }
    }

    private void Release(string agentId)
    {
        lock (_reserved)
        {
            _reserved.Remove(agentId);
        }
    }
}
