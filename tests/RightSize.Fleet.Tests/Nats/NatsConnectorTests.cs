using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.Nats;

/// <summary>The first connect to NATS: retried for --nats-wait with the cause in the log, then a clear error; a refusal at once.</summary>
public sealed class NatsConnectorTests
{
    [Fact]
    public async Task An_agent_started_before_nats_logs_the_cause_and_registers_once_nats_starts()
    {
        var port = Coordinator.FreePort();
        var url = $"nats://127.0.0.1:{port}";
        await using var agent = RightSizeProcess.Start(["agent", "--nats", url, "--nats-wait", "300", "--id", "early", "--instance-type", "ml.c5.large", "--roles", "endpoint"]);
        await Poll.UntilAsync(() => agent.Output.Contains("retrying the first connect", StringComparison.Ordinal) || agent.HasExited,
            TimeSpan.FromSeconds(60), "the agent to report a failed first connect");
        Assert.False(agent.HasExited, agent.Output);
        // The socket's error, which NATS.Net's exception leaves out and only its log has.
        Assert.Contains("Connection refused", agent.Output, StringComparison.Ordinal);

        await using var nats = await NatsServer.StartAsync(port: port);
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var registry = AgentRegistry.Open(connection);
        await Poll.UntilAsync(async () => agent.HasExited || (await registry.GetAsync("early", CancellationToken.None)) is not null,
            TimeSpan.FromSeconds(60), "the agent to register");
        Assert.False(agent.HasExited, agent.Output);
    }

    [Fact]
    public async Task Serve_without_nats_exits_after_its_wait_naming_the_cause_and_what_to_check()
    {
        var url = $"nats://127.0.0.1:{Coordinator.FreePort()}";
        // RunAsync's minute is the bound: 2 s of retries plus at most one 10 s connect timeout fit it on any host.
        var run = await RightSizeProcess.RunAsync("serve", "--nats", url, "--nats-wait", "2", "--urls", "http://127.0.0.1:0", "--dashboard-urls", "none");

        Assert.True(run.ExitCode == 2, run.Output);
        Assert.Contains($"could not connect to {url} in 2 s", run.Output, StringComparison.Ordinal);
        Assert.Contains("Check that nats-server runs there", run.Output, StringComparison.Ordinal);
        Assert.Contains("Connection refused", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_login_is_not_retried()
    {
        await using var nats = await NatsServer.StartAsync("""
            authorization {
              users = [ { user: agent, password: agent-secret } ]
            }
            """);
        // A retry would wait out the 300 s and overrun RunAsync's minute.
        var run = await RightSizeProcess.RunAsync("agents", "--nats", nats.Url, "--nats-user", "agent", "--nats-password", "wrong", "--nats-wait", "300");

        Assert.True(run.ExitCode == 2, run.Output);
        Assert.Contains("refused the connection", run.Output, StringComparison.Ordinal);
        Assert.Contains("Authorization Violation", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("retrying", run.Output, StringComparison.Ordinal);
    }
}
