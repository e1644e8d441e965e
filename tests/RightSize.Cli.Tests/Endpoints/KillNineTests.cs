using System.Diagnostics;
using RightSize.Cli.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;

namespace RightSize.Cli.Tests.Endpoints;

[Collection(TimingSensitive.Name)]
public sealed class KillNineTests
{
    [Fact]
    public async Task After_a_kill_9_of_rightsize_its_endpoint_is_orphaned_and_the_next_start_reaps_it()
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", TestJobs.SyntheticWorkspace());
        var job = cli.Write("job.json", TestJobs.Stairs("killed-run", seconds: 120, steps: 2));
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "rightsize"))
        {
            WorkingDirectory = cli.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "run", job, "--relaxed-validation", "--output", cli.PathOf("out") },
        };
        using var rightsize = Process.Start(info)!;
        rightsize.BeginOutputReadLine();
        rightsize.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(() => LocalEndpoints.CgroupsOwnedBy(rightsize.Id).Count == 1 || rightsize.HasExited,
                TimeSpan.FromSeconds(60), "the endpoint's cgroup");
            var cgroup = Assert.Single(LocalEndpoints.CgroupsOwnedBy(rightsize.Id));
            await Poll.UntilAsync(() => LocalEndpoints.PidsIn(cgroup).Count > 0, TimeSpan.FromSeconds(10), "the endpoint process");
            var pids = LocalEndpoints.PidsIn(cgroup);

            rightsize.Kill();
            await rightsize.WaitForExitAsync();

            Assert.All(pids, pid => Assert.True(LocalEndpoints.IsRunning(pid), $"pid {pid} is orphaned, still running"));

            Assert.True(CgroupReaper.ReapLeftovers() >= 1);
            LocalProcessReaper.ReapLeftovers(new LocalProcessOptions().StateDirectory);

            Assert.All(LocalEndpoints.CgroupDirectories(cgroup), d => Assert.False(Directory.Exists(d), d));
            Assert.All(pids, pid => Assert.False(LocalEndpoints.IsRunning(pid), $"pid {pid}"));
        }
        finally
        {
            if (!rightsize.HasExited)
            {
                rightsize.Kill(entireProcessTree: true);
            }

            CgroupReaper.ReapLeftovers();
            LocalProcessReaper.ReapLeftovers(new LocalProcessOptions().StateDirectory);
        }
    }
}
