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

    /// <summary>
    /// Listings back to back while agents keep registering and expiring (a 1 s TTL, 300 agents written one after another
    /// during the listings): every listing ends, each agent at most once, sorted, and only agents that were written.
    /// A listing that read the bucket's stream with a no-wait fetch once waited for a batch end the server never sent
    /// when entries expired during the fetch.
    /// </summary>
    [Fact]
    public async Task Every_listing_ends_while_agents_register_and_expire()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var registry = await AgentRegistry.CreateAsync(connection, TimeSpan.FromSeconds(1), CancellationToken.None);
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 300 && !writing.IsCancellationRequested; i++)
            {
                await registry.PutAsync(Agent($"agent-{i:000}"), CancellationToken.None);
                await Task.Delay(10);
            }
        });

        var listings = 0;
        try
        {
            while (!writer.IsCompleted || listings < 20)
            {
                // A deadline of its own per listing: a hang fails the test instead of hanging it.
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                var listed = (await registry.ListAsync(deadline.Token)).Select(a => a.Id).ToList();
                Assert.True(listed.SequenceEqual(listed.Distinct().Order(StringComparer.Ordinal)), string.Join(",", listed));
                Assert.All(listed, id => Assert.Matches("^agent-[0-2][0-9][0-9]$", id));
                listings++;
            }
        }
        finally
        {
            writing.Cancel();
            await writer;
        }

        await Poll.UntilAsync(async () =>
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            return (await registry.ListAsync(deadline.Token)).Count == 0;
        }, TimeSpan.FromSeconds(60), "every entry to expire");
    }

    /// <summary>A listing reads the bucket in one pass: each live agent once, with its latest heartbeat; a removed one not at all.</summary>
    [Fact]
    public async Task Listing_returns_each_agent_once_with_its_latest_heartbeat_and_not_a_removed_one()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var registry = await AgentRegistry.CreateAsync(connection, TimeSpan.FromMinutes(5), CancellationToken.None);
        var start = DateTimeOffset.UtcNow;
        // Three heartbeats each, interleaved; then agent-1 stops cleanly (its key deleted).
        for (var beat = 0; beat < 3; beat++)
        {
            foreach (var id in new[] { "agent-2", "agent-0", "agent-1", "agent-3" })
            {
                await registry.PutAsync(Agent(id) with { HeartbeatAt = start.AddSeconds(beat) }, CancellationToken.None);
            }
        }

        await registry.RemoveAsync("agent-1", CancellationToken.None);

        var listed = await registry.ListAsync(CancellationToken.None);
        Assert.Equal(["agent-0", "agent-2", "agent-3"], listed.Select(a => a.Id));
        Assert.All(listed, a => Assert.Equal(start.AddSeconds(2), a.HeartbeatAt));
        // The agent registers again: listed again, as written last.
        await registry.PutAsync(Agent("agent-1") with { HeartbeatAt = start.AddSeconds(9) }, CancellationToken.None);
        Assert.Equal(start.AddSeconds(9), (await registry.ListAsync(CancellationToken.None)).Single(a => a.Id == "agent-1").HeartbeatAt);
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
