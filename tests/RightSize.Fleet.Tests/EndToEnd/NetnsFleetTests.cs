using System.Text.Json;
using RightSize.Fleet.Tests.Infrastructure;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.EndToEnd;

[Collection(TimingSensitive.Name)]
public sealed class NetnsFleetTests
{
    /// <summary>The "done when": a job from the aws CLI runs on agents, each in its own network namespace, end to end.</summary>
    [SkippableFact]
    public async Task An_aws_cli_job_puts_each_endpoint_on_the_agent_of_its_type_and_loads_it_from_the_generator_agent_in_another_namespace()
    {
        // Each host's cgroup gives it its type's memory; CPU is scaled to this 2-core machine (one core per endpoint host).
        (string Type, string Roles, HostSize Size)[] agents =
            [("ml.c5.large", "endpoint", new(1, 4)), ("ml.m5.large", "endpoint", new(1, 8)), ("ml.c5.xlarge", "generator", new(2, 8))];
        var (hosts, whyNot) = await NetnsHosts.CreateAsync([.. agents.Select(a => a.Size)]);
        Skip.If(hosts is null, whyNot);
        await using var _ = hosts;
        await using var nats = await NatsServer.StartAsync(address: NetnsHosts.BridgeAddress);
        var processes = new List<RightSizeProcess>();
        try
        {
            for (var i = 0; i < agents.Length; i++)
            {
                processes.Add(RightSizeProcess.Start(["agent", "--nats", nats.Url, "--id", $"host{i}", "--instance-type", agents[i].Type, "--roles", agents[i].Roles],
                    prefix: hosts.Exec(i), environment: hosts.Environment(i)));
            }

            // NATS is on the test's own bridge address, not loopback, and has no users here: the test's private network.
            await using var coordinator = await Coordinator.StartAsync(nats.Url, "--insecure-nats", "--placement-deadline", "60");
            await coordinator.WaitForAgentsAsync(3);
            // Each agent detected its own cgroup's limits as its host's (as in a container with limits).
            var listed = (await coordinator.GetJsonAsync("/api/agents")).EnumerateArray().ToDictionary(a => a.GetProperty("Id").GetString()!);
            for (var i = 0; i < agents.Length; i++)
            {
                var facts = listed[$"host{i}"].GetProperty("Facts");
                Assert.Equal(agents[i].Size.Cores, facts.GetProperty("CgroupCpuLimit").GetDouble());
                Assert.Equal((long)(agents[i].Size.MemoryGiB * 1024 * 1024 * 1024), facts.GetProperty("CgroupMemoryLimitBytes").GetInt64());
            }

            var aws = new AwsCli(coordinator.Url);
            var created = await aws.CreateJobAsync("spread", TestJobs.InputConfig(3, "synthetic", "ml.m5.large", "ml.c5.large"));
            Assert.True(created.ExitCode == 0, created.Stderr);
            var describe = await aws.CompletedJobAsync("spread");

            // Each recommendation is the agent's instance type, measured there (CPU and memory from the agent).
            var recommendations = describe.GetProperty("InferenceRecommendations").EnumerateArray().ToList();
            Assert.Equal(["ml.c5.large", "ml.m5.large"], recommendations.Select(r => r.GetProperty("EndpointConfiguration").GetProperty("InstanceType").GetString()).Order());
            Assert.All(recommendations, r => Assert.True(r.GetProperty("Metrics").GetProperty("MemoryUtilization").GetDouble() > 0, r.ToString()));

            var tests = (await coordinator.TestsAsync("spread")).EnumerateArray().ToDictionary(t => t.GetProperty("InstanceType").GetString()!);
            Assert.All(tests.Values, t => Assert.Equal("COMPLETED", t.GetProperty("Status").GetString()));
            for (var i = 0; i < 2; i++)
            {
                // The agent in its namespace, with its host facts (its cgroup's); the load from the generator agent in the third namespace.
                var notes = Coordinator.Notes(tests[agents[i].Type]).ToList();
                Assert.Contains(notes, n => n.StartsWith($"endpoint ran on agent host{i} ({agents[i].Type} at {hosts.Address(i)}: {Environment.ProcessorCount} cores", StringComparison.Ordinal)
                    && n.Contains($"cgroup CPU limit {agents[i].Size.Cores} cores, cgroup memory limit {agents[i].Size.MemoryGiB} GiB", StringComparison.Ordinal));
                Assert.Contains(notes, n => n.StartsWith($"load from 1 generator agent(s) other than the endpoint's (host{i})", StringComparison.Ordinal)
                    && n.Contains($"host2 at {hosts.Address(2)} (clock offset", StringComparison.Ordinal));
            }

            Assert.DoesNotContain(tests.Values.SelectMany(Coordinator.Notes), n => n.StartsWith("endpoint ran on agent host2", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var agent in processes)
            {
                await agent.DisposeAsync();
            }
        }
    }
}
