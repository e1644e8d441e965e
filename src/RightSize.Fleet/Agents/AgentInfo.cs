using RightSize.Fleet.Agents.Facts;

namespace RightSize.Fleet.Agents;

/// <summary>One agent as the registry holds it; the agent rewrites it at each heartbeat.</summary>
public sealed record AgentInfo
{
    /// <summary>Unique in the fleet and stable across restarts (so a restarted agent finds what it left).</summary>
    public required string Id { get; init; }

    /// <summary>The address other hosts reach this agent's endpoints at.</summary>
    public required string Address { get; init; }

    public required string InstanceType { get; init; }

    public required HostFacts Facts { get; init; }

    public IReadOnlyList<AgentRole> Roles { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>RightSize's version on the agent.</summary>
    public required string Version { get; init; }

    public required int ProcessId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset HeartbeatAt { get; init; }

    /// <summary>What the agent is doing (e.g. <c>endpoint job-1/test-2</c>); null when idle.</summary>
    public string? CurrentWork { get; init; }
}
