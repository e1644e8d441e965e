namespace RightSize.Fleet.Work;

/// <summary>
/// Where work for an agent goes: one subject tree per agent. Only the coordinator's NATS user may publish under
/// <c>rightsize.agent.*.work.&gt;</c> (docs/fleet.md has the server config), so an agent takes work from no one else.
/// </summary>
public static class WorkSubjects
{
    public const string Root = "rightsize.agent";

    public static string StartEndpoint(string agentId) => $"{Root}.{agentId}.work.start-endpoint";

    public static string StopEndpoint(string agentId) => $"{Root}.{agentId}.work.stop-endpoint";

    /// <summary>The coordinator asks whether the agent is still connected; no responders means it is not.</summary>
    public static string Ping(string agentId) => $"{Root}.{agentId}.work.ping";

    /// <summary>Everything addressed to the agent.</summary>
    public static string All(string agentId) => $"{Root}.{agentId}.work.>";
}
