using System.Text.RegularExpressions;
using RightSize.Fleet.Agents.Facts;

namespace RightSize.Fleet.Agents;

/// <summary>What <c>rightsize agent</c> is told; <see cref="Validate"/> names every mistake at once.</summary>
public sealed partial record AgentOptions
{
    /// <summary>Unique in the fleet and stable across restarts (default: the host name).</summary>
    public required string Id { get; init; }

    /// <summary>The address endpoints on this agent are reached at (default: the local address that reaches NATS).</summary>
    public string? Address { get; init; }

    /// <summary>
    /// The address Docker publishes this agent's endpoint containers on (default: <see cref="Address"/>): the Docker
    /// host's own, when the agent runs in a network namespace of its own (a pod) and talks to that host's dockerd.
    /// </summary>
    public string? DockerAddress { get; init; }

    /// <summary>The instance type this host is (default: the one DMI names).</summary>
    public string? InstanceType { get; init; }

    public IReadOnlyList<AgentRole> Roles { get; init; } = [AgentRole.Endpoint, AgentRole.Generator];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public TimeSpan HeartbeatTtl { get; init; } = AgentRegistry.DefaultTtl;

    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (!IdPattern().IsMatch(Id))
        {
            errors.Add(new("--id", $"'{ValidationError.Shorten(Id)}' is not an agent id; use letters, digits, '-' and '_' (at most 64)."));
        }

        if (InstanceType is { } type && !TypePattern().IsMatch(type))
        {
            errors.Add(new("--instance-type", $"'{ValidationError.Shorten(type)}' is not an instance type name such as ml.m5.xlarge."));
        }

        if (DockerAddress is { } docker && !System.Net.IPAddress.TryParse(docker, out _))
        {
            errors.Add(new("--docker-address", $"'{ValidationError.Shorten(docker)}' is not an IP address; give the Docker host's address other hosts reach, e.g. 10.0.1.17."));
        }

        if (Roles.Count == 0)
        {
            errors.Add(new("--roles", "give at least one role: endpoint, generator or both."));
        }

        foreach (var key in Labels.Keys.Where(k => !LabelPattern().IsMatch(k)))
        {
            errors.Add(new("--labels", $"label key '{ValidationError.Shorten(key)}' may hold letters, digits, '-', '_', '.' and '/' only."));
        }

        if (HeartbeatTtl < TimeSpan.FromSeconds(2) || HeartbeatTtl > TimeSpan.FromMinutes(10))
        {
            errors.Add(new("--heartbeat-ttl", "give between 2 and 600 seconds."));
        }

        return errors;
    }

    /// <summary>The type this agent registers as: --instance-type, else the cloud's (DMI) as SageMaker names it (ml. prefix).</summary>
    public string? InstanceTypeOn(HostFacts facts) => InstanceType ?? (facts.DmiInstanceType is { } dmi ? "ml." + dmi : null);

    /// <summary>The heartbeat period: three beats per TTL, so one lost beat does not drop the agent.</summary>
    public TimeSpan HeartbeatPeriod => HeartbeatTtl / 3;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex TypePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$")]
    private static partial Regex LabelPattern();
}
