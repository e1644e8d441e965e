using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RightSize.Cli.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;
using RightSize.Orchestration;

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
            // The endpoint's pid file is written just after its process starts in the cgroup; a kill between the two is
            // reaped by the cgroup alone, so the test waits for both to be there before it kills.
            await Poll.UntilAsync(() => LocalEndpoints.PidsIn(cgroup).Count > 0 && PidFilesOf(rightsize.Id).Count > 0,
                TimeSpan.FromSeconds(10), "the endpoint process and its pid file");
            var pids = LocalEndpoints.PidsIn(cgroup);

            rightsize.Kill();
            await rightsize.WaitForExitAsync();

            Assert.All(pids, pid => Assert.True(LocalEndpoints.IsRunning(pid), $"pid {pid} is orphaned, still running"));

            // The next start reaps them through the engine, as run and serve do, and logs what it reaped.
            using var logs = new FakeLoggerProvider();
            using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
            using var engine = new JobEngine(TimeProvider.System, loggers: loggers);
            Assert.True(await engine.ReapLeftoversAsync(CancellationToken.None) >= 2);
            var reaped = logs.Collector.GetSnapshot().Where(r => r.Id.Id == 210).Select(r => r.Message).ToList();
            Assert.Contains(reaped, m => m.StartsWith("Reaped ", StringComparison.Ordinal) && m.EndsWith(" endpoint process(es) left by a RightSize that did not exit cleanly", StringComparison.Ordinal));
            Assert.Contains(reaped, m => m.StartsWith("Reaped ", StringComparison.Ordinal) && m.EndsWith(" cgroup(s) left by a RightSize that did not exit cleanly", StringComparison.Ordinal));

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
            LocalProcessReaper.ReapLeftovers(new LocalProcessOptions().StateDirectory, TimeProvider.System);
        }
    }

    /// <summary>Pid files in the default state folder whose owner (the fourth field's pid) is <paramref name="owner"/>.</summary>
    private static List<string> PidFilesOf(int owner)
    {
        var folder = new LocalProcessOptions().StateDirectory;
        var suffix = " " + owner.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ";
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.pid").Where(f => ReadOrEmpty(f).Contains(suffix, StringComparison.Ordinal))]
            : [];
    }

    private static string ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
