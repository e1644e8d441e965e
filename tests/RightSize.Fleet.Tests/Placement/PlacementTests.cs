using System.Text.Json;
using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.Placement;

[Collection(TimingSensitive.Name)]
public sealed class PlacementTests
{
    [Fact]
    public async Task Serve_places_the_endpoint_on_the_agent_of_its_type_and_fails_a_type_no_agent_has_naming_it()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var agent = RightSizeProcess.Start(["agent", "--nats", nats.Url, "--id", "c5-box", "--instance-type", "ml.c5.large", "--roles", "endpoint"]);
        var dashboard = new Uri($"http://127.0.0.1:{Coordinator.FreePort()}");
        await using var coordinator = await Coordinator.StartAsync(nats.Url, "--placement-deadline", "5", "--dashboard-urls", dashboard.ToString());
        await coordinator.CreateJobAsync("placed", 3, "ml.c5.large", "ml.m5.xlarge");

        var status = await coordinator.WaitForEndAsync("placed", TimeSpan.FromSeconds(90));
        Assert.True(status == "COMPLETED", $"{status}: {await coordinator.TestsAsync("placed")}\n{agent.Output}");
        var tests = (await coordinator.TestsAsync("placed")).EnumerateArray().ToDictionary(t => t.GetProperty("InstanceType").GetString()!);
        var placed = tests["ml.c5.large"];
        Assert.Equal("COMPLETED", placed.GetProperty("Status").GetString());
        Assert.Contains(Notes(placed), n => n.StartsWith("endpoint ran on agent c5-box (ml.c5.large at 127.0.0.1", StringComparison.Ordinal));
        Assert.True(placed.GetProperty("MaxInvocations").GetInt64() > 0);
        // No generator agent in this fleet: the load came from the coordinator, and the test says so.
        Assert.Contains(Notes(placed), n => n.StartsWith("load generated on the coordinator: no generator agent is registered", StringComparison.Ordinal));

        var listed = Assert.Single((await coordinator.GetJsonAsync("/api/agents")).EnumerateArray());
        Assert.Equal("c5-box", listed.GetProperty("Id").GetString());
        Assert.Equal("ml.c5.large", listed.GetProperty("InstanceType").GetString());
        Assert.Equal(Environment.ProcessorCount, listed.GetProperty("Facts").GetProperty("Cores").GetInt32());

        var missing = tests["ml.m5.xlarge"];
        Assert.Equal("FAILED", missing.GetProperty("Status").GetString());
        Assert.Contains("no agent of instance type ml.m5.xlarge", missing.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);

        // The agent stopped the endpoint when the test ended: it is idle again.
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var registry = AgentRegistry.Open(connection);
        await Poll.UntilAsync(async () => (await registry.GetAsync("c5-box", CancellationToken.None))?.CurrentWork is null, TimeSpan.FromSeconds(10), "the agent to be idle");

        // The dashboard's Fleet page shows the agent, its type and facts, and that it is idle.
        using var browser = Browser.Start();
        await browser.RunAsync(nameof(Serve_places_the_endpoint_on_the_agent_of_its_type_and_fails_a_type_no_agent_has_naming_it), async () =>
        {
            browser.Open(dashboard, "#/fleet");
            await browser.UntilAsync(() => browser.Text("#agents-table tr[data-agent=c5-box] td.work") == "idle", TimeSpan.FromSeconds(15), "the idle agent on the Fleet page");
            var cells = browser.Driver.FindElements(OpenQA.Selenium.By.CssSelector("#agents-table tr[data-agent=c5-box] td")).Select(c => c.Text).ToList();
            Assert.Equal("ml.c5.large", cells[1]);
            Assert.StartsWith($"{Environment.ProcessorCount} cores", cells[5], StringComparison.Ordinal);
        });
    }

    private static IEnumerable<string> Notes(JsonElement test) =>
        test.GetProperty("Caveats").EnumerateArray().Select(c => c.GetProperty("Detail").GetString()!);
}
