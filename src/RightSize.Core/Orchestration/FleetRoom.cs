namespace RightSize.Orchestration;

/// <summary>
/// The fleet's agents as a Default job's plan needs them (serve --nats), read from the registry when the job is planned:
/// its candidates are the instance types of the endpoint agents, and as many run at once as there are idle endpoint
/// agents and generators for.
/// </summary>
public sealed record FleetRoom
{
    /// <summary>One entry per registered agent with the endpoint role.</summary>
    public IReadOnlyList<FleetEndpointAgent> EndpointAgents { get; init; } = [];

    /// <summary>Registered agents with the generator role; with none, each test's load is generated on the coordinator.</summary>
    public int GeneratorAgents { get; init; }
}

/// <summary>An endpoint agent's instance type, and whether it runs no endpoint now.</summary>
public sealed record FleetEndpointAgent(string InstanceType, bool Idle);
