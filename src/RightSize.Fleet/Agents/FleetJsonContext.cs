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
[JsonSerializable(typeof(Work.EndpointPing))]
[JsonSerializable(typeof(Work.EndpointUsage))]
public sealed partial class FleetJsonContext : JsonSerializerContext;
