using System.Diagnostics;
using System.Globalization;
using RightSize.Endpoints;
using RightSize.Endpoints.Docker;

namespace RightSize.Core.Tests.Endpoints.Docker;

public sealed class DockerReaperTests
{
    [Fact]
    public async Task Removes_containers_whose_owner_is_gone_and_keeps_those_of_a_live_owner()
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        var endpoint = $"reaper-test-{Guid.NewGuid():N}";
        try
        {
            var orphan = await CreateAsync(docker, endpoint, await DeadOwnerAsync());
            var owned = await CreateAsync(docker, endpoint, DockerLabels.For(endpoint));
            Assert.Null(await docker.StartContainerAsync(orphan, CancellationToken.None));

            var reaped = await DockerReaper.ReapLeftoversAsync(new DockerOptions(), CancellationToken.None);

            Assert.True(reaped >= 1);
            Assert.Equal([owned], (await DockerEndpoints.ContainersOfAsync(docker, endpoint)).Select(c => c.Id));
        }
        finally
        {
            await DockerEndpoints.RemoveAllOfAsync(docker, endpoint);
        }
    }

    [Fact]
    public async Task An_owner_killed_but_not_yet_reaped_counts_as_gone()
    {
        using var owner = await UnreapedChild.StartAsync();
        var labels = DockerLabels.For("unused");
        labels[DockerLabels.OwnerPid] = owner.Pid.ToString(CultureInfo.InvariantCulture);
        labels[DockerLabels.OwnerStart] = owner.StartTicks.ToString(CultureInfo.InvariantCulture);
        Assert.True(DockerLabels.OwnerIsAlive(labels));

        await owner.KillAsync();

        Assert.False(DockerLabels.OwnerIsAlive(labels));
    }

    [Fact]
    public async Task Without_a_daemon_there_is_nothing_to_reap()
    {
        var reaped = await DockerReaper.ReapLeftoversAsync(new DockerOptions { Host = "unix:///nonexistent/docker.sock" }, CancellationToken.None);

        Assert.Equal(0, reaped);
    }

    private static async Task<string> CreateAsync(DockerEngineClient docker, string endpoint, Dictionary<string, string> owner)
    {
        var request = DockerEndpoints.Request() with { EndpointName = endpoint };
        var spec = DockerContainerSpec.For(request, DockerTestEnvironment.Image) with { Labels = owner };
        var created = await docker.CreateContainerAsync(DockerContainerSpec.NameFor(endpoint), spec, CancellationToken.None);
        return created.Value?.Id ?? throw new InvalidOperationException(created.Error);
    }

    /// <summary>Owner labels naming a process that ran and exited, as a killed RightSize leaves them.</summary>
    private static async Task<Dictionary<string, string>> DeadOwnerAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        var start = ProcessTree.StartTicks(process.Id);
        process.Kill();
        await process.WaitForExitAsync();
        var labels = DockerLabels.For("unused");
        labels[DockerLabels.OwnerPid] = process.Id.ToString(CultureInfo.InvariantCulture);
        labels[DockerLabels.OwnerStart] = start!.Value.ToString(CultureInfo.InvariantCulture);
        return labels;
    }
}
