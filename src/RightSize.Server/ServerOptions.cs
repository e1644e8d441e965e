using Microsoft.Extensions.Logging;
using RightSize.Server.Security;

namespace RightSize.Server;

/// <summary>How <c>rightsize serve</c> runs; the CLI fills it from its options.</summary>
public sealed record ServerOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Kestrel URLs, separated by ';'. Non-loopback hosts need authentication configured.</summary>
    public string Urls { get; init; } = DefaultUrl;

    /// <summary>
    /// Where the dashboard listens, ';'-separated, under the same bind rule as <see cref="Urls"/>; null: the first API
    /// URL's host on the next port (8080 gives 8081, port 0 any free port); <c>none</c> turns it off.
    /// </summary>
    public string? DashboardUrls { get; init; }

    /// <summary>The SQLite store's folder (default <c>./rightsize-data</c>); ignored when <see cref="ConnectionString"/> is set.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>A PostgreSQL connection string: the store goes there instead of SQLite.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The workspace file (default <c>./rightsize.json</c> when it exists).</summary>
    public string? WorkspacePath { get; init; }

    /// <summary>Relative paths and the defaults resolve against this folder.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    public bool RelaxedValidation { get; init; }

    /// <summary>Host names requests may use besides the bound addresses and localhost (a DNS name or proxy in front of the server).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Folders ModelDataUrl and SamplePayloadUrl may read from; default: the workspace folder and the data folder.</summary>
    public IReadOnlyList<string> AllowedRoots { get; init; } = [];

    /// <summary>Access keys whose SigV4 signatures are accepted; empty accepts any credentials (loopback only).</summary>
    public IReadOnlyList<AccessKey> AccessKeys { get; init; } = [];

    /// <summary>Jobs that run at once; the rest wait in FIFO order.</summary>
    public int MaxConcurrentJobs { get; init; } = 1;

    /// <summary>Jobs that may wait; one more is ResourceLimitExceeded.</summary>
    public int MaxQueuedJobs { get; init; } = 100;

    /// <summary>Largest request body; larger is HTTP 413.</summary>
    public long MaxRequestBytes { get; init; } = 1024 * 1024;

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    /// <summary>
    /// Lets API callers create models that run commands or images of their choosing (<c>process</c>, Docker) and set
    /// loader/runtime environment variables: anyone who can reach the API can then run code as the server's user.
    /// </summary>
    public bool AllowApiCommands { get; init; }

    /// <summary>How many lines of an endpoint's log a FailureReason shows API callers; 0 (the default) withholds them.</summary>
    public int EndpointLogLines { get; init; }

    /// <summary>Where local endpoints keep pid files (tests isolate it); null for the default.</summary>
    public string? EndpointStateDirectory { get; init; }

    /// <summary>Where metrics and traces go over OTLP (<c>--otlp-endpoint</c> or OTEL_EXPORTER_OTLP_ENDPOINT); null sends none.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>The lowest level the server's JSON console logs show.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>A provider for a job's health-probe payload, tried before the local ones: the fleet's placement of endpoints on agents (serve --nats); null runs every endpoint here.</summary>
    public Func<RightSize.Load.Payload, RightSize.Endpoints.IEndpointProvider>? EndpointPlacement { get; init; }

    /// <summary>The fleet's generator agents, which run the load of tests placed on agents (serve --nats); null: every load is generated here.</summary>
    public RightSize.Load.ILoadGenerators? LoadGenerators { get; init; }

    /// <summary>
    /// What a killed coordinator left on the fleet's agents (serve --nats): with it, the start resumes unfinished jobs
    /// (<see cref="Hosting.JobResume"/>) instead of failing them; null without a fleet.
    /// </summary>
    public RightSize.Fleet.Placement.IFleetLeftovers? FleetLeftovers { get; init; }

    /// <summary>The fleet's registry, for /api/agents (serve --nats); null without a fleet.</summary>
    public RightSize.Fleet.Agents.IAgentRegistry? Agents { get; init; }

    internal string DataFolder => Path.GetFullPath(DataDirectory ?? "rightsize-data", WorkingDirectory);
}
