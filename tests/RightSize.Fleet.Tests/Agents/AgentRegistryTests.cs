using System.Diagnostics;
using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Agents.Facts;
using RightSize.Fleet.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.Agents;

public sealed class AgentRegistryTests
{
    /// <summary>
    /// Listing the fleet while heartbeats expire must always return: a key-value watcher (GetKeysAsync) waits forever
    /// for an entry that expired between its start and its delivery (nats-server#3481), which hung a CI run.
    /// </summary>
    [Fact]
    public async Task Listing_returns_while_entries_expire_and_ends_empty()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var registry = await AgentRegistry.CreateAsync(connection, TimeSpan.FromSeconds(1), CancellationToken.None);
        // Written over about a second, so entries keep expiring one by one while the listings below run.
        for (var i = 0; i < 200; i++)
        {
            await registry.PutAsync(Agent($"agent-{i:000}"), CancellationToken.None);
            await Task.Delay(5);
        }

        var lastPut = Stopwatch.GetTimestamp();
        var listed = (await registry.ListAsync(CancellationToken.None)).Select(a => a.Id).ToList();
        Assert.True(listed.SequenceEqual(listed.Order(StringComparer.Ordinal)), string.Join(",", listed));
        // The last entry outlives a listing that ended well within its 1 s TTL; a busy host can make the listing end later.
        if (Stopwatch.GetElapsedTime(lastPut) < TimeSpan.FromMilliseconds(500))
        {
            Assert.Contains("agent-199", listed);
        }

        // Every listing has a deadline of its own, so a hang fails the test instead of hanging it.
        await Poll.UntilAsync(async () =>
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            return (await registry.ListAsync(deadline.Token)).Count == 0;
        }, TimeSpan.FromSeconds(60), "every entry to expire");
    }

    private static AgentInfo Agent(string id) => new()
    {
        Id = id,
        Address = "127.0.0.1",
        InstanceType = "ml.c5.large",
        Facts = new HostFacts { Cores = 2, MemoryBytes = 4L << 30 },
        Version = "test",
        ProcessId = Environment.ProcessId,
        StartedAt = DateTimeOffset.UtcNow,
        HeartbeatAt = DateTimeOffset.UtcNow,
    };
}
