using System.Text.Json.Serialization;

namespace RightSize.Fleet.Agents;

/// <summary>What an agent takes on: endpoints of its instance type, or load generation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentRole>))]
public enum AgentRole
{
    [JsonStringEnumMemberName("endpoint")]
    Endpoint,

    [JsonStringEnumMemberName("generator")]
    Generator,
}
