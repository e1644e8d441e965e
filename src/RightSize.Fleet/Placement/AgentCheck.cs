using NATS.Client.Core;
using RightSize.Fleet.Agents;

namespace RightSize.Fleet.Placement;

/// <summary>
/// Whether an agent working for a test is still there: its registry entry (gone after the TTL, or a new pid: restarted)
/// and a request on one of its subjects, which gets "no responders" as soon as its NATS connection closed (a killed
/// process's socket closes at once).
/// </summary>
internal static class AgentCheck
{
    /// <summary>Why the agent is gone (naming it and <paramref name="what"/> it ran), else null; and the ping's answer.</summary>
    public static async Task<(string? Lost, byte[]? Answer)> CheckAsync(
        INatsConnection nats, IAgentRegistry agents, AgentInfo agent, string what, string pingSubject, byte[] pingBody, CancellationToken stop)
    {
        var who = $"agent {agent.Id} ({agent.InstanceType} at {agent.Address})";
        try
        {
            var entry = await agents.GetAsync(agent.Id, stop);
            if (entry is null)
            {
                return ($"{who} lost its heartbeat mid-test: {what} is gone", null);
            }

            if (entry.ProcessId != agent.ProcessId || entry.StartedAt != agent.StartedAt)
            {
                return ($"{who} restarted mid-test: {what} is gone", null);
            }

            var answer = await nats.RequestAsync<byte[], byte[]>(pingSubject, pingBody, replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(5) }, cancellationToken: stop);
            return (null, answer.Data);
        }
        catch (NatsNoRespondersException)
        {
            return ($"{who} is gone mid-test (its NATS connection closed): {what} is gone", null);
        }
        catch (NatsException)
        {
            // A slow answer or a NATS hiccup (a restart: the client reconnects) is not the agent's death; the heartbeat TTL decides.
            return (null, null);
        }
    }
}
