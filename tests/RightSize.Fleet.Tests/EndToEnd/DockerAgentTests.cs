using System.Diagnostics;
using RightSize.Core.Tests.Endpoints.Docker;
using RightSize.Fleet.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.EndToEnd;

[Collection(TimingSensitive.Name)]
public sealed class DockerAgentTests
{
    /// <summary>
    /// A Docker-image model on an agent in its own network namespace, loaded by a generator agent in another. The
    /// agent's namespace has no dockerd of its own (as a pod using its node's): the container listens on 0.0.0.0 inside
    /// and Docker publishes it on its host's address, the bridge that other namespaces reach.
    /// </summary>
    [SkippableFact]
    public async Task A_docker_image_endpoint_on_a_namespaced_agent_is_published_on_its_docker_address_and_loaded_from_another_namespace()
    {
        using (await DockerTestEnvironment.ConnectAsync())
        {
            // The daemon answers and the image is built.
        }

        var (hosts, whyNot) = await NetnsHosts.CreateAsync(new HostSize(1, 4), new HostSize(1, 4));
        Skip.If(hosts is null, whyNot);
        await using var _ = hosts;
        await using var nats = await NatsServer.StartAsync(address: NetnsHosts.BridgeAddress);
        await using var endpointAgent = RightSizeProcess.Start(["agent", "--nats", nats.Url, "--id", "docker-host", "--instance-type", "ml.c5.large",
            "--roles", "endpoint", "--docker-address", NetnsHosts.BridgeAddress], prefix: hosts.Exec(0), environment: hosts.Environment(0));
        await using var generator = RightSizeProcess.Start(["agent", "--nats", nats.Url, "--id", "gen", "--instance-type", "ml.c5.xlarge",
            "--roles", "generator"], prefix: hosts.Exec(1), environment: hosts.Environment(1));
        await using var coordinator = await Coordinator.StartAsync(nats.Url, "--insecure-nats", "--placement-deadline", "60");
        await coordinator.WaitForAgentsAsync(2);
        await coordinator.CreateJobAsync("in-docker", 2, [], 1, ["ml.c5.large"], Coordinator.DockerModel);

        var status = await coordinator.WaitForEndAsync("in-docker", TimeSpan.FromSeconds(120));
        var test = (await coordinator.TestsAsync("in-docker")).EnumerateArray().Single();
        Assert.True(status == "COMPLETED", $"{status}: {test}\n{endpointAgent.Output}\n{generator.Output}");
        var notes = Coordinator.Notes(test).ToList();
        Assert.Contains(notes, n => n.StartsWith($"endpoint ran on agent docker-host (ml.c5.large at {hosts.Address(0)}", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("load from 1 generator agent(s) other than the endpoint's (docker-host)", StringComparison.Ordinal)
            && n.Contains($"gen at {hosts.Address(1)}", StringComparison.Ordinal));
        var windows = (await coordinator.GetJsonAsync("/api/jobs/in-docker/tests/0/windows")).EnumerateArray().ToList();
        Assert.NotEmpty(windows);
        Assert.All(windows, w => Assert.True(w.GetProperty("Invocations").GetInt64() > 0, w.ToString()));

        // The test's end removed the container (labelled with its owner, the agent; `ip netns exec` runs it under its own pid).
        await Poll.UntilAsync(async () => (await ContainersOwnedByAsync(endpointAgent.Id)).Length == 0,
            TimeSpan.FromSeconds(30), "the endpoint's container to be removed");
    }

    private static async Task<string> ContainersOwnedByAsync(int pid)
    {
        var start = new ProcessStartInfo("docker") { ArgumentList = { "ps", "-aq", "--filter", $"label=rightsize.owner-pid={pid}" }, RedirectStandardOutput = true };
        using var docker = Process.Start(start)!;
        var output = await docker.StandardOutput.ReadToEndAsync();
        await docker.WaitForExitAsync();
        return output.Trim();
    }
}
