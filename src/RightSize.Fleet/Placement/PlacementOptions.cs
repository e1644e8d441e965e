namespace RightSize.Fleet.Placement;

/// <summary>How the coordinator places endpoints on agents.</summary>
public sealed record PlacementOptions
{
    /// <summary>How long a test waits for an idle agent of its instance type before it fails naming the type.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the registry is read while waiting, and the endpoint's agent is checked during a test.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An agent stops an endpoint or a load the coordinator has not renewed (pinged) for this long: a coordinator killed
    /// with -9 leaves nothing running. Longer than a NATS restart takes.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);
}
