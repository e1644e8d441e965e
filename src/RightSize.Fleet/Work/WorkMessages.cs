using RightSize.Fleet.Agents;
using RightSize.Results;

namespace RightSize.Fleet.Work;

/// <summary>The coordinator asks an agent to start one test's endpoint on its own hardware (no emulated limits).</summary>
public sealed record StartEndpointWork
{
    public required string EndpointName { get; init; }

    /// <summary>The model as SageMaker's CreateModel JSON (SageMakerJsonContext).</summary>
    public required string ModelJson { get; init; }

    /// <summary>The model's folder; the agent must see it at the same path (shared storage), or the model needs none.</summary>
    public string? ModelDirectory { get; init; }

    public required string InstanceType { get; init; }

    public int Gpus { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public double SetupDeadlineSeconds { get; init; } = 240;

    /// <summary>The payload the agent's health probe sends (the job's first).</summary>
    public required byte[] ProbeBody { get; init; }

    public required string ProbeContentType { get; init; }

    /// <summary>
    /// The agent stops the endpoint when the coordinator has not pinged it for this long (a coordinator killed with -9
    /// leaves no endpoint behind); null: no lease.
    /// </summary>
    public double? LeaseSeconds { get; init; }
}

/// <summary>The coordinator's once-a-second check of a test's endpoint; it renews the endpoint's lease.</summary>
public sealed record EndpointPing(string EndpointName);

/// <summary>
/// The agent's answer to a ping: its endpoint's CPU (percent summed over cores) and memory (percent of the host's or
/// its cgroup's memory) since the previous ping; null where not measured.
/// </summary>
public sealed record EndpointUsage(double? CpuUtilization, double? MemoryUtilization);

/// <summary>The agent's answer: where the endpoint listens, or why it did not start; and the agent as it is.</summary>
public sealed record EndpointStartedReply
{
    public string? InvocationsUrl { get; init; }

    public double? ModelSetupSeconds { get; init; }

    public IReadOnlyList<Caveat> Caveats { get; init; } = [];

    public string? FailureReason { get; init; }

    public required AgentInfo Agent { get; init; }
}

/// <summary>The coordinator is done with a test's endpoint; the agent stops it and removes what it started.</summary>
public sealed record StopEndpointWork(string EndpointName);

/// <summary>The agent's acknowledgement of a stop (whether it knew the endpoint).</summary>
public sealed record StopEndpointReply(bool Stopped);
