using System.Globalization;

namespace RightSize.Endpoints.Cgroups;

/// <summary>A cgroup v1 endpoint cgroup: one folder in each of the cpu, cpuacct, cpuset and memory hierarchies.</summary>
internal sealed class CgroupV1 : EndpointCgroup
{
    private const long PeriodMicroseconds = 100_000;

    // 100 times the default weight: on a busy host the endpoint gets its quota first, so the quota, not the
    // neighbours, is what limits it; the quota still caps it.
    private const int Shares = 102_400;

    private CgroupV1(string name, IReadOnlyList<string> directories, CgroupLimits limits)
        : base(name, directories, limits)
    {
    }

    protected override string Version => "v1";

    private string CpuAcct => Directories[1];

    private string Memory => Directories[3];

    public static CgroupV1 Create(CgroupHierarchy hierarchy, string name, CgroupLimits limits)
    {
        var parents = hierarchy.Mounts.Select(m => Path.Combine(m, CgroupHierarchy.Prefix)).ToList();
        // A new v1 cpuset starts with no cores and no memory nodes; the rightsize/ parent inherits the root's first.
        var cpusetParent = parents[2];
        foreach (var file in (string[])["cpuset.cpus", "cpuset.mems"])
        {
            if (CgroupFiles.Read(cpusetParent, file).Length == 0)
            {
                CgroupFiles.Write(cpusetParent, file, CgroupFiles.Read(hierarchy.Mounts[2], file));
            }
        }

        var directories = parents.Select(p => Path.Combine(p, name)).ToList();
        var cgroup = new CgroupV1(name, directories, limits);
        foreach (var directory in directories)
        {
            Directory.CreateDirectory(directory);
        }

        var (cpu, cpuset, memory) = (directories[0], directories[2], directories[3]);
        // Shares weigh a cgroup against its siblings only: without them on rightsize/ too, all endpoints together
        // would weigh as much as one ordinary task (or session) of the host.
        CgroupFiles.Write(parents[0], "cpu.shares", Shares.ToString(CultureInfo.InvariantCulture));
        CgroupFiles.Write(cpu, "cpu.cfs_period_us", PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
        CgroupFiles.Write(cpu, "cpu.shares", Shares.ToString(CultureInfo.InvariantCulture));
        CgroupFiles.Write(cpu, "cpu.cfs_quota_us", QuotaMicroseconds(limits.VCpus, PeriodMicroseconds).ToString(CultureInfo.InvariantCulture));
        CgroupFiles.Write(cpuset, "cpuset.cpus", CgroupFiles.CoreList(limits.Cores));
        CgroupFiles.Write(cpuset, "cpuset.mems", CgroupFiles.Read(cpusetParent, "cpuset.mems"));
        CgroupFiles.Write(memory, "memory.limit_in_bytes", limits.MemoryBytes.ToString(CultureInfo.InvariantCulture));
        return cgroup;
    }

    /// <summary>The CFS quota for a vCPU budget: the kernel's minimum is 1 ms per period.</summary>
    internal static long QuotaMicroseconds(double vcpus, long period) => Math.Max(1000, (long)Math.Round(vcpus * period));

    // memory.usage_in_bytes counts page cache too; like `docker stats`, reclaimable inactive file pages are left out.
    public override CgroupUsage ReadUsage() => new(
        CgroupFiles.ReadLong(CpuAcct, "cpuacct.usage") / 1e9,
        Math.Max(0, CgroupFiles.ReadLong(Memory, "memory.usage_in_bytes") - CgroupFiles.ReadKey(Memory, "memory.stat", "total_inactive_file")));
}
