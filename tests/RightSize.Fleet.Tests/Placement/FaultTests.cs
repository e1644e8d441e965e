using System.Text.Json;
using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Tests.Infrastructure;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.Placement;

/// <summary>The coordinator killed with -9 (it resumes), and NATS restarted, mid-job: nothing left running, nothing completed lost.</summary>
[Collection(TimingSensitive.Name)]
public sealed class FaultTests
{
    [Fact]
    public async Task A_coordinator_killed_mid_test_resumes_from_PostgreSQL_after_stopping_what_it_left_and_a_test_interrupted_twice_fails()
    {
        var postgres = new PostgresCluster();
        await postgres.InitializeAsync();
        try
        {
            await using var nats = await NatsServer.StartAsync();
            await using var c5 = RightSizeProcess.Agent(nats.Url, "c5-box", "ml.c5.large", "endpoint");
            await using var m5 = RightSizeProcess.Agent(nats.Url, "m5-box", "ml.m5.large", "endpoint");
            await using var xl = RightSizeProcess.Agent(nats.Url, "xl-box", "ml.c5.xlarge", "endpoint");
            await using var generator = RightSizeProcess.Agent(nats.Url, "gen", "ml.c5.large", "generator");
            // Leases far longer than the test: only the restarted coordinator's stop can end what the killed one left.
            string[] options = ["--db", await postgres.CreateDatabaseAsync(), "--max-concurrent-jobs", "2", "--placement-deadline", "30", "--work-lease", "600"];
            await using var first = await Coordinator.StartAsync(nats.Url, options);
            await first.WaitForAgentsAsync(4);
            // Two jobs at once: "resume" (two short tests, one after the other) and "long" (one long test).
            await first.CreateJobAsync("resume", 4, [], 1, ["ml.c5.large", "ml.m5.large"]);
            await first.CreateJobAsync("long", 150, "ml.c5.xlarge");
            JsonElement done = default;
            await Poll.UntilAsync(async () =>
            {
                done = (await first.TestsAsync("resume"))[0];
                return done.GetProperty("Status").GetString() == "COMPLETED" && await HasWindowsAsync(first, "resume", 1) && await HasWindowsAsync(first, "long", 0);
            }, TimeSpan.FromSeconds(90), "the first test to complete and the other two to run");
            var left = AgentEndpoints.Of(m5.Id).Concat(AgentEndpoints.Of(xl.Id)).ToList();
            Assert.Equal(2, left.Count);
            await first.Process.KillAsync();

            // The restart stops the dead coordinator's endpoints and loads before it serves, keeps the finished test and
            // re-runs the others; its own leases are short (3 s), for its own kill below.
            await using var second = await first.RestartAsync(nats.Url, [.. options[..^1], "3"]);
            Assert.All(left, pid => Assert.False(AgentEndpoints.IsRunning(pid), $"endpoint {pid} the killed coordinator left is still running"));
            // The long test's load (300 s) certainly still ran; the short one's may have ended by itself while the server started.
            await Poll.UntilAsync(() => Task.FromResult(generator.Output.Contains("stopped by a coordinator at its start", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(10), $"the generator to log the stopped load: {generator.Output}");
            Assert.Equal("COMPLETED", await second.WaitForEndAsync("resume", TimeSpan.FromSeconds(90)));
            var tests = await second.TestsAsync("resume");
            Assert.Equal(done.GetProperty("MaxInvocations").GetInt64(), tests[0].GetProperty("MaxInvocations").GetInt64());
            // The store keeps times to the millisecond.
            Assert.Equal(done.GetProperty("InvocationStartTime").GetDateTimeOffset().ToUnixTimeMilliseconds(), tests[0].GetProperty("InvocationStartTime").GetDateTimeOffset().ToUnixTimeMilliseconds());
            Assert.DoesNotContain(Coordinator.Notes(tests[0]), n => n.StartsWith("re-run from the start", StringComparison.Ordinal));
            Assert.Equal("COMPLETED", tests[1].GetProperty("Status").GetString());
            Assert.Contains(Coordinator.Notes(tests[1]), n => n.StartsWith("re-run from the start: the RightSize server stopped during this test and restarted at ", StringComparison.Ordinal));
            Assert.Contains(Coordinator.Notes(tests[1]), n => n.StartsWith("endpoint ran on agent m5-box", StringComparison.Ordinal));
            Assert.Equal(2, (await second.DescribeAsync("resume")).GetProperty("InferenceRecommendations").GetArrayLength());

            // The long test's re-run is killed too. Nobody renews the 3 s leases: the agents stop the endpoint and the load.
            await Poll.UntilAsync(async () => AgentEndpoints.Of(xl.Id).Count == 1 && await HasWindowsAsync(second, "long", 0), TimeSpan.FromSeconds(60), "the long test's re-run");
            Assert.Contains(Coordinator.Notes((await second.TestsAsync("long"))[0]), n => n.StartsWith("re-run from the start", StringComparison.Ordinal));
            var rerun = AgentEndpoints.Of(xl.Id);
            await second.Process.KillAsync();
            await Poll.UntilAsync(() => Task.FromResult(rerun.All(pid => !AgentEndpoints.IsRunning(pid))), TimeSpan.FromSeconds(30), "the orphaned endpoint to be stopped");
            await Poll.UntilAsync(() => Task.FromResult(generator.Output.Contains("the coordinator renewed no lease for 3 s; the run stops", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30), $"the generator to stop its load: {generator.Output}");
            await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
            var registry = AgentRegistry.Open(connection);
            await Poll.UntilAsync(async () => (await registry.GetAsync("xl-box", CancellationToken.None))?.CurrentWork is null, TimeSpan.FromSeconds(10), "the agent to be idle");
            Assert.False(xl.HasExited || generator.HasExited);

            // Interrupted twice: the next start fails the test instead of running it a third time.
            await using var third = await second.RestartAsync(nats.Url, options);
            Assert.Equal("FAILED", await third.WaitForEndAsync("long", TimeSpan.FromSeconds(30)));
            var twice = (await third.TestsAsync("long"))[0];
            Assert.Equal("FAILED", twice.GetProperty("Status").GetString());
            Assert.StartsWith("interrupted twice: the RightSize server stopped during this test, and again during its re-run", twice.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(AgentEndpoints.Of(xl.Id), AgentEndpoints.IsRunning);
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    private static async Task<bool> HasWindowsAsync(Coordinator coordinator, string job, int test) =>
        (await coordinator.GetJsonAsync($"/api/jobs/{job}/tests/{test}/windows")).GetArrayLength() > 0;

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
