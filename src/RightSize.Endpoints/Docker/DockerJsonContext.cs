using System.Text.Json.Serialization;

namespace RightSize.Endpoints.Docker;

/// <summary>Source-generated JSON for the Engine API: unknown members ignored (the API grows), nulls not sent.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DockerVersion))]
[JsonSerializable(typeof(DockerError))]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(ContainerCreate))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(ContainerWaitResponse))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(ContainerStats))]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
