using System.Diagnostics;
using System.Globalization;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;

namespace RightSize.Core.Tests.Endpoints;

[Collection(TimingSensitive.Name)]
public sealed class CgroupLimitTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public async Task A_cgroup_carries_the_quota_cores_and_memory_limit_and_its_process_is_in_it()
    {
        using var fixture = new CgroupFixture();
        var cgroup = fixture.Create("limits", vcpus: 0.5, memoryBytes: 256 * MiB);

        var process = fixture.StartIn(cgroup, "sleep 30");
        // The wrapper joins one controller after another before it execs, so wait for the last of them.
        await Poll.UntilAsync(() => cgroup.Directories.All(d => CgroupFiles.Pids(d).Contains(process.Id)),
            TimeSpan.FromSeconds(5), "the process to join every controller of its cgroup");

        if (CgroupFixture.Hierarchy.Version == 1)
        {
            Assert.Equal(50_000, CgroupFiles.ReadLong(cgroup.Directories[0], "cpu.cfs_quota_us"));
            Assert.Equal(102_400, CgroupFiles.ReadLong(cgroup.Directories[0], "cpu.shares"));
            Assert.Equal(102_400, CgroupFiles.ReadLong(Path.GetDirectoryName(cgroup.Directories[0])!, "cpu.shares"));
            Assert.Equal(100_000, CgroupFiles.ReadLong(cgroup.Directories[0], "cpu.cfs_period_us"));
            Assert.Equal(256 * MiB, CgroupFiles.ReadLong(cgroup.Directories[3], "memory.limit_in_bytes"));
            Assert.Equal(CgroupFixture.Hierarchy.Cores[^1].ToString(CultureInfo.InvariantCulture), CgroupFiles.Read(cgroup.Directories[2], "cpuset.cpus"));
        }
        else
        {
            Assert.Equal("50000 100000", CgroupFiles.Read(cgroup.Directories[0], "cpu.max"));
            Assert.Equal(10_000, CgroupFiles.ReadLong(cgroup.Directories[0], "cpu.weight"));
            Assert.Equal(10_000, CgroupFiles.ReadLong(Path.GetDirectoryName(cgroup.Directories[0])!, "cpu.weight"));
            Assert.Equal(256 * MiB, CgroupFiles.ReadLong(cgroup.Directories[0], "memory.max"));
        }

        Assert.Contains("CPU quota 0.5 vCPU", cgroup.Describe(), StringComparison.Ordinal);
        Assert.Contains("memory 0.25 GiB", cgroup.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public async Task Two_busy_loops_get_no_more_than_their_quota_of_cpu_as_the_cgroup_counters_measure_it(double vcpus)
    {
        using var fixture = new CgroupFixture();
        var cgroup = fixture.Create("quota", vcpus, memoryBytes: 64 * MiB);
        // Unlimited, two loops would use two cores.
        fixture.StartIn(cgroup, "while :; do :; done & while :; do :; done");
        await Poll.UntilAsync(() => cgroup.ReadUsage().CpuSeconds > 0.05, TimeSpan.FromSeconds(5), "the loop to run");

        // Above: the limit holds, in every 2 s measured. Below: other work on a small shared host can only take CPU from
        // the loops, so one of up to three measurements must show them busy at 30% of the quota or more.
        var used = new List<double>();
        while (used.Count < 3 && (used.Count == 0 || used.Max() < vcpus * 0.3))
        {
            var before = cgroup.ReadUsage().CpuSeconds;
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(2));
            used.Add((cgroup.ReadUsage().CpuSeconds - before) / clock.Elapsed.TotalSeconds);
            Assert.True(used[^1] <= vcpus * 1.1, FormattableString.Invariant($"{used[^1]:0.00} cores used under a quota of {vcpus}"));
        }

        Assert.True(used.Max() >= vcpus * 0.3, FormattableString.Invariant($"{string.Join(", ", used.Select(u => u.ToString("0.00", CultureInfo.InvariantCulture)))} cores used under a quota of {vcpus}"));
    }

    [Fact]
    public async Task A_process_that_outgrows_the_memory_limit_is_killed_by_the_kernel()
    {
        using var fixture = new CgroupFixture();
        var cgroup = fixture.Create("memory", vcpus: 1, memoryBytes: 64 * MiB);

        var process = fixture.StartIn(cgroup, "exec python3 -c \"a = bytearray(256 * 1024 * 1024); print(len(a))\"");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(137, process.ExitCode);
    }

    [Fact]
    public async Task Remove_kills_what_runs_in_the_cgroup_and_deletes_its_folders()
    {
        using var fixture = new CgroupFixture();
        var cgroup = fixture.Create("remove", vcpus: 1, memoryBytes: 64 * MiB);
        var process = fixture.StartIn(cgroup, "sleep 60 & sleep 60");
        await Poll.UntilAsync(() => CgroupFiles.Pids(cgroup.Directories[0]).Count >= 2, TimeSpan.FromSeconds(5), "both sleeps");
        var pids = CgroupFiles.Pids(cgroup.Directories[0]).Select(pid => (Pid: pid, Start: ProcessTree.StartTicks(pid) ?? -1)).ToList();

        Assert.True(cgroup.Remove());

        Assert.All(cgroup.Directories, d => Assert.False(Directory.Exists(d), d));
        Assert.All(pids, p => Assert.False(ProcessTree.IsAlive(p.Pid, p.Start), $"pid {p.Pid} still runs"));
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_reaper_removes_cgroups_of_a_dead_owner_and_keeps_those_of_a_live_one()
    {
        using var fixture = new CgroupFixture();
        var mine = fixture.Create("reaper-live", vcpus: 1, memoryBytes: 64 * MiB);
        var hierarchy = CgroupFixture.Hierarchy;
        // A cgroup named as a RightSize that is gone would have named it (pid 1 never started at tick 1), with a process in it.
        var orphanName = "reaper-dead.0badc0de.1.1";
        var orphan = hierarchy.Parents.Select(p => Path.Combine(p, orphanName)).ToList();
        orphan.ForEach(d => Directory.CreateDirectory(d));
        if (hierarchy.Version == 1)
        {
            File.WriteAllText(Path.Combine(orphan[2], "cpuset.cpus"), CgroupFiles.Read(hierarchy.Parents[2], "cpuset.cpus"));
            File.WriteAllText(Path.Combine(orphan[2], "cpuset.mems"), CgroupFiles.Read(hierarchy.Parents[2], "cpuset.mems"));
        }

        using var sleeper = Process.Start("sleep", "60");
        try
        {
            orphan.ForEach(d => File.WriteAllText(Path.Combine(d, "cgroup.procs"), sleeper.Id.ToString(CultureInfo.InvariantCulture)));

            Assert.True(CgroupReaper.ReapLeftovers() >= 1);

            Assert.All(orphan, d => Assert.False(Directory.Exists(d), d));
            Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(5)), "the orphan's process was killed");
            Assert.All(mine.Directories, d => Assert.True(Directory.Exists(d), d));
        }
        finally
        {
            if (!sleeper.HasExited)
            {
                sleeper.Kill();
            }

            EndpointCgroup.KillAndRemove(orphan, TimeSpan.FromSeconds(5));
        }

        await Task.CompletedTask;
    }

    [Fact]
    public void The_generator_keeps_its_reserved_cores_and_the_endpoint_takes_the_highest_of_the_rest()
    {
        AssertCores(CoreAllocation.For(0.5, [0, 1], 1), [1], [0]);
        AssertCores(CoreAllocation.For(4, [0, 1], 1), [1], [0]);
        AssertCores(CoreAllocation.For(2, [.. Enumerable.Range(0, 8)], 1), [6, 7], [0, 1, 2, 3, 4, 5]);
        AssertCores(CoreAllocation.For(3, [0, 1, 2, 3], 1), [1, 2, 3], [0]);
        AssertCores(CoreAllocation.For(3, [0, 1, 2, 3], 2), [2, 3], [0, 1]);

        // One core cannot be split: the endpoint and the generator share it, and nothing is pinned.
        Assert.Equal([0], CoreAllocation.For(1, [0], 1).EndpointCores);
        Assert.Null(CoreAllocation.For(1, [0], 1).GeneratorCores);
    }

    private static void AssertCores(CoreAllocation allocation, int[] endpoint, int[] generator)
    {
        Assert.Equal(endpoint, allocation.EndpointCores);
        Assert.Equal(generator, allocation.GeneratorCores);
    }
}
