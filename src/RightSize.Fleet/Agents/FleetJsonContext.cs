using System.Text.Json.Serialization;

namespace RightSize.Fleet.Agents;

/// <summary>The fleet's messages as JSON, source-generated (no reflection).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentInfo))]
[JsonSerializable(typeof(List<AgentInfo>))]
[JsonSerializable(typeof(Work.StartEndpointWork))]
[JsonSerializable(typeof(Work.EndpointStartedReply))]
[JsonSerializable(typeof(Work.StopEndpointWork))]
[JsonSerializable(typeof(Work.StopEndpointReply))]
public sealed partial class FleetJsonContext : JsonSerializerContext;
