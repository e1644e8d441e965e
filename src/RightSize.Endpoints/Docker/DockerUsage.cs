using RightSize.Windows;

namespace RightSize.Endpoints.Docker;

/// <summary>Turns the stats API's counters into CloudWatch's CpuUtilization and MemoryUtilization, as <c>docker stats</c> does.</summary>
internal static class DockerUsage
{
    /// <summary>CPU between two samples (NaN without an earlier one) and memory at the later one.</summary>
    public static ResourceSample Between(ContainerStats? earlier, ContainerStats later) =>
        new(Cpu(earlier?.CpuStats, later.CpuStats), Memory(later.MemoryStats));

    // The container's share of all host CPU time over the interval, times the host's CPUs: percent summed over cores.
    private static double Cpu(CpuStats? before, CpuStats? after)
    {
        if (before?.CpuUsage is not { } then || after?.CpuUsage is not { } now
            || after.SystemCpuUsage <= before.SystemCpuUsage || now.TotalUsage < then.TotalUsage)
        {
            return double.NaN;
        }

        var container = (double)(now.TotalUsage - then.TotalUsage);
        var system = (double)(after.SystemCpuUsage - before.SystemCpuUsage);
        // The daemon reports the CPUs it sees; old daemons leave it out, and the daemon runs on this host.
        var cpus = after.OnlineCpus > 0 ? after.OnlineCpus : Environment.ProcessorCount;
        return container / system * cpus * 100;
    }

    // The working set (usage less inactive page cache, which the kernel reclaims before the limit bites) over the limit.
    private static double Memory(MemoryStats? memory)
    {
        if (memory is not { Limit: > 0 })
        {
            return double.NaN;
        }

        // cgroup v1 names it total_inactive_file, v2 inactive_file.
        var stats = memory.Stats;
        var inactive = stats is null ? 0 : stats.TryGetValue("total_inactive_file", out var v1) ? v1 : stats.GetValueOrDefault("inactive_file");
        var workingSet = memory.Usage - Math.Min(inactive, memory.Usage);
        return (double)workingSet / memory.Limit * 100;
    }
}
