using System.Text.Json.Serialization;

namespace RightSize.Endpoints.Docker;

// The Docker Engine API's shapes, reduced to the members RightSize reads or sends. Container and image members are
// PascalCase on the wire (as declared here); stats members are snake_case.

internal sealed record DockerVersion(string Version, string ApiVersion, string MinAPIVersion);

/// <summary>The body of an error answer; the one lower-case member of the API.</summary>
internal sealed record DockerError([property: JsonPropertyName("message")] string? Message);

internal sealed record ImageInspect(string Id);

internal sealed record ContainerCreateResponse(string Id, IReadOnlyList<string>? Warnings);

internal sealed record ContainerWaitResponse(long StatusCode, ContainerWaitError? Error);

internal sealed record ContainerWaitError(string? Message);

internal sealed record ContainerSummary(string Id, IReadOnlyList<string>? Names, IReadOnlyDictionary<string, string>? Labels, string? State);

internal sealed record ContainerCreate
{
    public required string Image { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    public HostConfig? HostConfig { get; init; }
}

/// <summary>Serializes as <c>{}</c>: the API marks exposed ports with empty objects.</summary>
internal sealed record EmptyObject;

internal sealed record HostConfig
{
    public long? NanoCpus { get; init; }

    public long? Memory { get; init; }

    public long? MemorySwap { get; init; }

    public string? CpusetCpus { get; init; }

    public IReadOnlyList<string>? Binds { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<PortBinding>>? PortBindings { get; init; }

    /// <summary>Devices for the container, e.g. NVIDIA GPUs (what <c>docker run --gpus N</c> sends).</summary>
    public IReadOnlyList<DeviceRequest>? DeviceRequests { get; init; }
}

/// <summary>A device request: <c>{"Driver": "nvidia", "Count": 1, "Capabilities": [["gpu"]]}</c> is one NVIDIA GPU.</summary>
internal sealed record DeviceRequest(string Driver, int Count, IReadOnlyList<IReadOnlyList<string>> Capabilities);

internal sealed record PortBinding(string HostIp, string HostPort);

internal sealed record ContainerInspect(
    string Id,
    string Name,
    ContainerState State,
    ContainerConfig Config,
    HostConfig HostConfig,
    NetworkSettings NetworkSettings);

internal sealed record ContainerState(string Status, bool Running, long ExitCode, string? Error, bool OOMKilled);

internal sealed record ContainerConfig(IReadOnlyList<string>? Env, IReadOnlyDictionary<string, string>? Labels);

internal sealed record NetworkSettings(IReadOnlyDictionary<string, IReadOnlyList<PortBinding>?>? Ports);

internal sealed record ContainerStats(
    [property: JsonPropertyName("read")] DateTimeOffset Read,
    [property: JsonPropertyName("cpu_stats")] CpuStats? CpuStats,
    [property: JsonPropertyName("memory_stats")] MemoryStats? MemoryStats);

internal sealed record CpuStats(
    [property: JsonPropertyName("cpu_usage")] CpuUsage? CpuUsage,
    [property: JsonPropertyName("system_cpu_usage")] ulong SystemCpuUsage,
    [property: JsonPropertyName("online_cpus")] int OnlineCpus);

internal sealed record CpuUsage([property: JsonPropertyName("total_usage")] ulong TotalUsage);

internal sealed record MemoryStats(
    [property: JsonPropertyName("usage")] ulong Usage,
    [property: JsonPropertyName("limit")] ulong Limit,
    [property: JsonPropertyName("stats")] IReadOnlyDictionary<string, ulong>? Stats);
