using System.Text.Json;
using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Generation;
using RightSize.Fleet.Work;

namespace RightSize.Fleet.Placement;

/// <summary>What a coordinator killed with -9 left on the fleet's agents, stopped by the next coordinator before it resumes the job.</summary>
public interface IFleetLeftovers
{
    /// <summary>
    /// Stops the endpoints of these names on every endpoint agent and every load on every generator agent (a fleet has
    /// one coordinator: at its start no load is its own yet); returns how many it stopped.
    /// </summary>
    Task<int> StopLeftoversAsync(IReadOnlyCollection<string> endpointNames, CancellationToken cancellationToken);
}

internal static class FleetLeftovers
{
    // Stopping an endpoint waits for its process or container to exit.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> StopAsync(INatsConnection nats, IAgentRegistry agents, IReadOnlyCollection<string> endpointNames, CancellationToken cancellationToken)
    {
        IReadOnlyList<AgentInfo> registered;
        try
        {
            registered = await agents.ListAsync(cancellationToken);
        }
        catch (NatsException)
        {
            // NATS is away: nothing can be stopped now; the dead coordinator's leases still lapse on the agents.
            return 0;
        }

        var stops = registered.Where(a => a.Roles.Contains(AgentRole.Endpoint))
            .SelectMany(a => endpointNames.Select(name => RequestAsync(nats, WorkSubjects.StopEndpoint(a.Id),
                JsonSerializer.SerializeToUtf8Bytes(new StopEndpointWork(name), FleetJsonContext.Default.StopEndpointWork),
                reply => JsonSerializer.Deserialize(reply, FleetJsonContext.Default.StopEndpointReply)?.Stopped == true ? 1 : 0, cancellationToken)))
            .Concat(registered.Where(a => a.Roles.Contains(AgentRole.Generator))
                .Select(a => RequestAsync(nats, GenerationSubjects.StopAll(a.Id), [],
                    reply => JsonSerializer.Deserialize(reply, GenerationJsonContext.Default.StopAllReply)?.Stopped ?? 0, cancellationToken)));
        return (await Task.WhenAll(stops)).Sum();
    }

    private static async Task<int> RequestAsync(INatsConnection nats, string subject, byte[] body, Func<byte[], int> count, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await nats.RequestAsync<byte[], byte[]>(subject, body, replyOpts: new NatsSubOpts { Timeout = StopTimeout }, cancellationToken: cancellationToken);
            return reply.Data is { Length: > 0 } data ? count(data) : 0;
        }
        catch (Exception e) when (e is NatsException or JsonException)
        {
            // An agent that is gone (no responders) or answers nonsense has nothing this coordinator can stop; its leases still lapse.
            return 0;
        }
    }
}
