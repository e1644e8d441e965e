using System.Globalization;

namespace RightSize.Endpoints.Cgroups;

/// <summary>A cgroup v2 endpoint cgroup: one folder in the unified hierarchy with cpu, cpuset and memory enabled.</summary>
internal sealed class CgroupV2 : EndpointCgroup
{
    private const long PeriodMicroseconds = 100_000;
    private const string Controllers = "+cpu +cpuset +memory";

    // 100 times the default weight, as in v1: the quota, not the neighbours, limits the endpoint.
    private const int Weight = 10_000;

    private CgroupV2(string name, IReadOnlyList<string> directories, CgroupLimits limits)
        : base(name, directories, limits)
    {
    }

    protected override string Version => "v2";

    public static CgroupV2 Create(CgroupHierarchy hierarchy, string name, CgroupLimits limits)
    {
        var root = hierarchy.Mounts[0];
        var parent = Path.Combine(root, CgroupHierarchy.Prefix);
        // Controllers reach a cgroup only when every ancestor enables them for its children.
        CgroupFiles.Write(root, "cgroup.subtree_control", Controllers);
        CgroupFiles.Write(parent, "cgroup.subtree_control", Controllers);
        // A weight counts among siblings only, so rightsize/ needs it too (see CgroupV1).
        CgroupFiles.Write(parent, "cpu.weight", Weight.ToString(CultureInfo.InvariantCulture));
        var directory = Path.Combine(parent, name);
        Directory.CreateDirectory(directory);
        var cgroup = new CgroupV2(name, [directory], limits);
        var quota = CgroupV1.QuotaMicroseconds(limits.VCpus, PeriodMicroseconds);
        CgroupFiles.Write(directory, "cpu.weight", Weight.ToString(CultureInfo.InvariantCulture));
        CgroupFiles.Write(directory, "cpu.max", string.Create(CultureInfo.InvariantCulture, $"{quota} {PeriodMicroseconds}"));
        CgroupFiles.Write(directory, "cpuset.cpus", CgroupFiles.CoreList(limits.Cores));
        CgroupFiles.Write(directory, "memory.max", limits.MemoryBytes.ToString(CultureInfo.InvariantCulture));
        return cgroup;
    }

    public override CgroupUsage ReadUsage()
    {
        var directory = Directories[0];
        return new(
            CgroupFiles.ReadKey(directory, "cpu.stat", "usage_usec") / 1e6,
            Math.Max(0, CgroupFiles.ReadLong(directory, "memory.current") - CgroupFiles.ReadKey(directory, "memory.stat", "inactive_file")));
    }
}
