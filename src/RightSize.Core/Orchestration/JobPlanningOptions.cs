namespace RightSize.Orchestration;

/// <summary>Local settings a plan needs that the request does not carry.</summary>
public sealed record JobPlanningOptions
{
    /// <summary>Overrides the tag <c>rightsize:window-seconds</c> (the CLI's --window).</summary>
    public int? WindowSeconds { get; init; }

    /// <summary>The region in ARNs.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The fixed local account id in ARNs.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>How long an endpoint may take to become healthy (the tag rightsize:setup-deadline-seconds wins); SageMaker allows 4 minutes.</summary>
    public TimeSpan SetupDeadline { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>The cores and memory one endpoint can have on this machine (types larger fail or are emulated).</summary>
    public HostCapacity Host { get; init; } = HostCapacity.Current;

    /// <summary>The GPUs and Neuron devices of this machine, for accelerator types; detected once per process.</summary>
    public HostAccelerators Accelerators { get; init; } = DetectedAccelerators.Value;

    private static readonly Lazy<HostAccelerators> DetectedAccelerators = new(HostAccelerators.Detect);

    /// <summary>
    /// Instance-type endpoints run on fleet agents of their type (serve --nats), on real hardware: they are neither
    /// fitted to this host nor emulated; serverless endpoints still run here and are.
    /// </summary>
    public bool OnFleet { get; init; }

    /// <summary>
    /// With <see cref="OnFleet"/>, the fleet's agents when the job is planned: a Default job's candidates and how many
    /// run at once; null when the registry could not be read.
    /// </summary>
    public FleetRoom? Fleet { get; init; }

    /// <summary>The per-request timeout of virtual users; SageMaker's invocation timeout is 60 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
