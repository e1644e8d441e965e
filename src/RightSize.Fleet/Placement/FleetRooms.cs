using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Orchestration;

namespace RightSize.Fleet.Placement;

/// <summary>The registry's agents as a Default job's plan needs them (<see cref="FleetRoom"/>).</summary>
public static class FleetRooms
{
    /// <summary>The registered endpoint agents' types and idleness, and the generator agents; null when NATS cannot be read now.</summary>
    public static async Task<FleetRoom?> ReadAsync(IAgentRegistry agents, CancellationToken cancellationToken)
    {
        try
        {
            var listed = await agents.ListAsync(cancellationToken);
            return new FleetRoom
            {
                EndpointAgents = [.. listed.Where(a => a.Roles.Contains(AgentRole.Endpoint)).Select(a => new FleetEndpointAgent(a.InstanceType, a.CurrentWork is null))],
                GeneratorAgents = listed.Count(a => a.Roles.Contains(AgentRole.Generator)),
            };
        }
        catch (NatsException)
        {
            return null;
        }
    }
}
