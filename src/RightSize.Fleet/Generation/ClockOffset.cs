using System.Text.Json;
using NATS.Client.Core;

namespace RightSize.Fleet.Generation;

/// <summary>
/// How far an agent's clock is from the coordinator's, measured NTP-style over NATS: the coordinator notes its time
/// before and after a clock request, and assumes the agent read its clock halfway. Of a few samples, the one with the
/// shortest round trip wins (the least queueing, so the tightest bound: the error is at most half of it).
/// </summary>
/// <param name="Offset">Agent clock minus coordinator clock.</param>
/// <param name="RoundTrip">The round trip of the sample used; the offset is within half of it.</param>
public sealed record ClockOffset(TimeSpan Offset, TimeSpan RoundTrip)
{
    private const int Samples = 5;
    private static readonly NatsSubOpts ReplyWithin = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<ClockOffset> MeasureAsync(INatsConnection nats, string agentId, TimeProvider time, CancellationToken cancellationToken)
    {
        ClockOffset? best = null;
        for (var i = 0; i < Samples; i++)
        {
            var sent = time.GetUtcNow();
            var reply = await nats.RequestAsync<byte[], byte[]>(GenerationSubjects.Clock(agentId), [], replyOpts: ReplyWithin, cancellationToken: cancellationToken);
            var received = time.GetUtcNow();
            var reading = JsonSerializer.Deserialize(reply.Data ?? [], GenerationJsonContext.Default.ClockReading)
                ?? throw new JsonException("empty clock reading");
            var roundTrip = received - sent;
            var sample = new ClockOffset(reading.AgentTime - (sent + (roundTrip / 2)), roundTrip);
            if (best is null || sample.RoundTrip < best.RoundTrip)
            {
                best = sample;
            }
        }

        return best!;
    }
}
