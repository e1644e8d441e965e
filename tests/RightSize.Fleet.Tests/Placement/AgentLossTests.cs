using RightSize.Fleet.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.Placement;

[Collection(TimingSensitive.Name)]
public sealed class AgentLossTests
{
    [Fact]
    public async Task An_endpoint_agent_killed_mid_test_fails_the_test_naming_it_and_its_restart_reaps_the_endpoint()
    {
        // The agent keeps its pid files in a state folder of its own (under its XDG_RUNTIME_DIR): in the shared default
        // folder, any other RightSize start on this machine (another test's agent or server, run in parallel) reaps the
        // orphan whose owner was killed, before the restarted agent can, which once left it nothing to reap.
        var runtime = Directory.CreateTempSubdirectory("rightsize-agent-loss-");
        var state = Path.Combine(runtime.FullName, "rightsize", "endpoints");
        var environment = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = runtime.FullName };
        try
        {
            await using var nats = await NatsServer.StartAsync();
            await using var agent = RightSizeProcess.Agent(nats.Url, "doomed", "ml.c5.large", "endpoint", environment);
            await using var coordinator = await Coordinator.StartAsync(nats.Url, "--placement-deadline", "5");
            await coordinator.CreateJobAsync("lost", 60, "ml.c5.large");

            // Under load: the test has started its invocations on the agent's endpoint.
            await Poll.UntilAsync(async () => (await coordinator.TestsAsync("lost")).EnumerateArray().Any(t => t.TryGetProperty("InvocationStartTime", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.String),
                TimeSpan.FromSeconds(60), "the test to send load");
            var endpoints = AgentEndpoints.Of(agent.Id, state);
            Assert.NotEmpty(endpoints);

            // Noticed at once, whatever the heartbeat TTL: the killed agent's NATS connection closes.
            await agent.KillAsync();
            Assert.Equal("FAILED", await coordinator.WaitForEndAsync("lost", TimeSpan.FromSeconds(30)));
            var test = (await coordinator.TestsAsync("lost")).EnumerateArray().Single();
            // No other agent of the type to retry on: the test fails at once, naming the lost agent; the first attempt's end is noted.
            Assert.StartsWith("agent doomed was lost mid-test and no other agent of instance type ml.c5.large", test.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
            Assert.Contains(test.GetProperty("Caveats").EnumerateArray().Select(c => c.GetProperty("Detail").GetString()),
                n => n!.StartsWith("first attempt ended: agent doomed (ml.c5.large at 127.0.0.1)", StringComparison.Ordinal));

            // kill -9 left the endpoint running (only a RightSize start reading this folder stops it); the restarted agent stops it before it registers.
            Assert.All(endpoints, pid => Assert.True(AgentEndpoints.IsRunning(pid)));
            await using var restarted = RightSizeProcess.Agent(nats.Url, "doomed", "ml.c5.large", "endpoint", environment);
            await Poll.UntilAsync(() => Task.FromResult(restarted.Output.Contains("registered", StringComparison.Ordinal) || restarted.HasExited), TimeSpan.FromSeconds(60), "the restarted agent");
            Assert.Contains($"reaped {endpoints.Count} endpoint(s)", restarted.Output, StringComparison.Ordinal);
            Assert.All(endpoints, pid => Assert.False(AgentEndpoints.IsRunning(pid)));
            Assert.Empty(Directory.EnumerateFiles(state, "*.pid"));
        }
        finally
        {
            runtime.Delete(recursive: true);
        }
    }
}
