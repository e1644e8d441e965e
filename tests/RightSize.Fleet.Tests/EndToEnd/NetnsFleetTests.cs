using System.Text.Json;
using RightSize.Fleet.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.EndToEnd;

[Collection(TimingSensitive.Name)]
public sealed class NetnsFleetTests
{
    [SkippableFact]
    public async Task A_job_with_two_configurations_puts_each_endpoint_on_the_agent_of_its_type_in_its_own_namespace()
    {
        var (hosts, whyNot) = await NetnsHosts.CreateAsync(3);
        Skip.If(hosts is null, whyNot);
        await using var _ = hosts;
        await using var nats = await NatsServer.StartAsync(address: NetnsHosts.BridgeAddress);
        string[] types = ["ml.c5.large", "ml.m5.large", "ml.c5.xlarge"];
        var agents = new List<RightSizeProcess>();
        try
        {
            for (var i = 0; i < types.Length; i++)
            {
                agents.Add(RightSizeProcess.Start(["agent", "--nats", nats.Url, "--id", $"host{i}", "--instance-type", types[i], "--roles", "endpoint", "--heartbeat-ttl", "3"],
                    prefix: hosts.Exec(i)));
            }

            // NATS is on the test's own bridge address, not loopback, and has no users here: the test's private network.
            await using var coordinator = await Coordinator.StartAsync(nats.Url, "--insecure-nats", "--placement-deadline", "60");
            await coordinator.CreateJobAsync("spread", 3, "ml.m5.large", "ml.c5.large");
            var status = await coordinator.WaitForEndAsync("spread", TimeSpan.FromSeconds(120));
            var tests = await coordinator.TestsAsync("spread");
            Assert.True(status == "COMPLETED", $"{status}: {tests}\n{string.Join("\n", agents.Select(a => a.Output))}");

            var byType = tests.EnumerateArray().ToDictionary(t => t.GetProperty("InstanceType").GetString()!);
            Assert.All(byType.Values, t => Assert.Equal("COMPLETED", t.GetProperty("Status").GetString()));
            Assert.Contains(Notes(byType["ml.c5.large"]), n => n.StartsWith($"endpoint ran on agent host0 (ml.c5.large at {hosts.Address(0)}:", StringComparison.Ordinal));
            Assert.Contains(Notes(byType["ml.m5.large"]), n => n.StartsWith($"endpoint ran on agent host1 (ml.m5.large at {hosts.Address(1)}:", StringComparison.Ordinal));
            Assert.DoesNotContain(tests.EnumerateArray().SelectMany(Notes), n => n.Contains("host2", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    private static IEnumerable<string> Notes(JsonElement test) =>
        test.GetProperty("Caveats").EnumerateArray().Select(c => c.GetProperty("Detail").GetString()!);
}
