using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.Agents;

[Collection(TimingSensitive.Name)]
public sealed class AgentRegistrationTests
{
    [Fact]
    public async Task An_agent_registers_heartbeats_and_disappears_after_its_ttl_when_killed()
    {
        await using var nats = await NatsServer.StartAsync();
        // The test of expiry: the only one with a short TTL (the other tests keep the default, which a stall survives).
        await using var agent = RightSizeProcess.Start(["agent", "--nats", nats.Url, "--id", "gpu-box", "--instance-type", "ml.g5.xlarge",
            "--roles", "endpoint", "--labels", "zone=a,rack=7", "--heartbeat-ttl", "3"]);
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var registry = AgentRegistry.Open(connection);

        AgentInfo? first = null;
        await Poll.UntilAsync(async () =>
        {
            first = (await registry.ListAsync(CancellationToken.None)).SingleOrDefault();
            return first is not null || agent.HasExited;
        }, TimeSpan.FromSeconds(60), "the agent to register");
        Assert.True(first is not null, agent.Output);
        Assert.Equal("gpu-box", first.Id);
        Assert.Equal("ml.g5.xlarge", first.InstanceType);
        Assert.Equal([AgentRole.Endpoint], first.Roles);
        Assert.Equal("7", first.Labels["rack"]);
        Assert.Equal(agent.Id, first.ProcessId);
        Assert.Equal("127.0.0.1", first.Address);
        Assert.Equal(Environment.ProcessorCount, first.Facts.Cores);

        // Heartbeats: the entry is rewritten with a later time while the agent lives.
        await Poll.UntilAsync(async () => (await registry.ListAsync(CancellationToken.None)).SingleOrDefault()?.HeartbeatAt > first.HeartbeatAt,
            TimeSpan.FromSeconds(30), "a second heartbeat");

        var listed = await RightSizeProcess.RunAsync("agents", "--nats", nats.Url);
        Assert.True(listed.ExitCode == 0, listed.Output);
        Assert.Contains("gpu-box", listed.Output, StringComparison.Ordinal);
        Assert.Contains("ml.g5.xlarge", listed.Output, StringComparison.Ordinal);

        // kill -9: no deregistration runs, so only the TTL can remove it: listed until 3 s after its last heartbeat (the
        // latest seen here or a later one), so a listing that finds it gone must come at least 3 s after the one seen.
        var seen = (await registry.ListAsync(CancellationToken.None)).Single().HeartbeatAt;
        await agent.KillAsync();
        var afterKill = await registry.ListAsync(CancellationToken.None);
        Assert.True(afterKill.Count == 1 || DateTimeOffset.UtcNow - seen >= TimeSpan.FromSeconds(3), $"gone {DateTimeOffset.UtcNow - seen} after its last heartbeat seen");
        await Poll.UntilAsync(async () => (await registry.ListAsync(CancellationToken.None)).Count == 0,
            TimeSpan.FromSeconds(30), "the killed agent's entry to expire");
    }

    [Fact]
    public async Task Agents_lists_nothing_when_no_agent_ever_registered()
    {
        await using var nats = await NatsServer.StartAsync();
        var listed = await RightSizeProcess.RunAsync("agents", "--nats", nats.Url);
        Assert.True(listed.ExitCode == 0, listed.Output);
        Assert.Contains("0 agent(s)", listed.Output, StringComparison.Ordinal);
    }
}
