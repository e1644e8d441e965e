using System.Text.Json;
using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.Placement;

/// <summary>The coordinator killed with -9, and NATS restarted, mid-job: nothing left running, nothing completed lost.</summary>
[Collection(TimingSensitive.Name)]
public sealed class FaultTests
{
    [Fact]
    public async Task A_coordinator_killed_mid_test_leaves_nothing_running_on_its_agents_and_its_restart_fails_the_test_with_a_reason()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var endpointAgent = RightSizeProcess.Agent(nats.Url, "ep", "ml.c5.large", "endpoint");
        await using var generator = RightSizeProcess.Agent(nats.Url, "gen", "ml.c5.large", "generator");
        await using var coordinator = await Coordinator.StartAsync(nats.Url, "--placement-deadline", "30", "--work-lease", "3");
        await coordinator.WaitForAgentsAsync(2);
        await coordinator.CreateJobAsync("orphans", 300, "ml.c5.large");
        await Poll.UntilAsync(async () => (await coordinator.GetJsonAsync("/api/jobs/orphans/tests/0/windows")).GetArrayLength() > 0,
            TimeSpan.FromSeconds(60), "the test's first window");
        var endpoints = AgentEndpoints.Of(endpointAgent.Id);
        Assert.NotEmpty(endpoints);

        await coordinator.Process.KillAsync();

        // Nobody renews the leases: the endpoint's agent stops the endpoint and the generator its load, both still running themselves.
        await Poll.UntilAsync(() => Task.FromResult(endpoints.All(pid => !AgentEndpoints.IsRunning(pid))), TimeSpan.FromSeconds(30), "the orphaned endpoint to be stopped");
        await Poll.UntilAsync(() => Task.FromResult(generator.Output.Contains("the coordinator renewed no lease for 3 s; the run stops", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), $"the generator to stop its load: {generator.Output}");
        // The agent logs the stop once the endpoint is gone, so its line may come a moment after.
        await Poll.UntilAsync(() => Task.FromResult(endpointAgent.Output.Contains("agent ep: stopped endpoint ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), $"the agent to log the lapsed lease: {endpointAgent.Output}");
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var registry = AgentRegistry.Open(connection);
        await Poll.UntilAsync(async () => (await registry.GetAsync("ep", CancellationToken.None))?.CurrentWork is null, TimeSpan.FromSeconds(10), "the agent to be idle");
        Assert.False(endpointAgent.HasExited || generator.HasExited);

        // The next coordinator on the same store ends the interrupted job and test with a reason.
        await using var restarted = await coordinator.RestartAsync(nats.Url, "--placement-deadline", "30");
        var describe = await restarted.DescribeAsync("orphans");
        Assert.Equal("FAILED", describe.GetProperty("Status").GetString());
        var test = (await restarted.TestsAsync("orphans")).EnumerateArray().Single();
        Assert.StartsWith("interrupted: the RightSize server stopped during the job", test.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NATS_restarted_mid_job_loses_no_completed_test_and_agents_and_coordinator_take_work_again()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var c5 = RightSizeProcess.Agent(nats.Url, "c5-box", "ml.c5.large", "endpoint");
        await using var m5 = RightSizeProcess.Agent(nats.Url, "m5-box", "ml.m5.large", "endpoint");
        await using var generator = RightSizeProcess.Agent(nats.Url, "gen", "ml.c5.large", "generator");
        await using var coordinator = await Coordinator.StartAsync(nats.Url, "--placement-deadline", "30");
        await coordinator.WaitForAgentsAsync(3);
        await coordinator.CreateJobAsync("restart", 3, [], 1, ["ml.c5.large", "ml.m5.large"]);

        JsonElement first = default;
        await Poll.UntilAsync(async () =>
        {
            first = (await coordinator.TestsAsync("restart")).EnumerateArray().First();
            return first.GetProperty("Status").GetString() == "COMPLETED";
        }, TimeSpan.FromSeconds(60), "the first test to complete");
        var maxInvocations = first.GetProperty("MaxInvocations").GetInt64();

        await nats.RestartAsync();

        var status = await coordinator.WaitForEndAsync("restart", TimeSpan.FromSeconds(60));
        var kept = (await coordinator.TestsAsync("restart")).EnumerateArray().First();
        Assert.Equal("COMPLETED", kept.GetProperty("Status").GetString());
        Assert.Equal(maxInvocations, kept.GetProperty("MaxInvocations").GetInt64());
        Assert.Equal("COMPLETED", status);

        // Everyone reconnected: the agents heartbeat into the same registry and a new job runs on them.
        await coordinator.WaitForAgentsAsync(3);
        await coordinator.CreateJobAsync("after-restart", 3, "ml.m5.large");
        var after = await coordinator.WaitForEndAsync("after-restart", TimeSpan.FromSeconds(60));
        var test = (await coordinator.TestsAsync("after-restart")).EnumerateArray().Single();
        Assert.True(after == "COMPLETED", $"{after}: {test}");
        Assert.Contains(Coordinator.Notes(test), n => n.StartsWith("endpoint ran on agent m5-box", StringComparison.Ordinal));
        Assert.Contains(Coordinator.Notes(test), n => n.StartsWith("load from 1 generator agent(s) other than the endpoint's (m5-box)", StringComparison.Ordinal));
    }
}
