using System.Text.Json.Serialization;

namespace RightSize.Fleet.Agents;

/// <summary>The fleet's messages as JSON, source-generated (no reflection).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentInfo))]
[JsonSerializable(typeof(List<AgentInfo>))]
public sealed partial class FleetJsonContext : JsonSerializerContext;
