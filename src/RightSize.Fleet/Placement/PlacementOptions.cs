namespace RightSize.Fleet.Placement;

/// <summary>How the coordinator places endpoints on agents.</summary>
public sealed record PlacementOptions
{
    /// <summary>How long a test waits for an idle agent of its instance type before it fails naming the type.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the registry is read while waiting, and the endpoint's agent is checked during a test.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);
}
