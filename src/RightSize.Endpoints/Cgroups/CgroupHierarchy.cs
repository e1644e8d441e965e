using System.Globalization;

namespace RightSize.Endpoints.Cgroups;

/// <summary>
/// The cgroup hierarchy endpoints go into: cgroup v1 (the cpu, cpuacct, cpuset and memory controllers, separately or
/// co-mounted) when mounted, else the v2 unified hierarchy when it is the only one. RightSize's cgroups live under
/// <c>rightsize/</c> in each, named <c>ENDPOINT.ID.OWNERPID.OWNERSTART</c>, so the reaper knows whose they are.
/// </summary>
internal sealed class CgroupHierarchy
{
    public const string Prefix = "rightsize";

    private CgroupHierarchy(int version, IReadOnlyList<string> mounts, IReadOnlyList<int> cores)
    {
        Version = version;
        Mounts = mounts;
        Cores = cores;
    }

    public int Version { get; }

    /// <summary>v1: the cpu, cpuacct, cpuset and memory mounts, in that order; v2: the unified mount.</summary>
    public IReadOnlyList<string> Mounts { get; }

    /// <summary>The cores cgroups may use (the root cpuset).</summary>
    public IReadOnlyList<int> Cores { get; }

    /// <summary>The <c>rightsize/</c> folder in each hierarchy.</summary>
    public IReadOnlyList<string> Parents => [.. Mounts.Select(m => Path.Combine(m, Prefix)).Distinct()];

    /// <summary>The hierarchy under <paramref name="root"/> if RightSize can create cgroups there, else why not.</summary>
    public static (CgroupHierarchy? Hierarchy, string? WhyNot) Detect(string root)
    {
        string[] v1 = ["cpu", "cpuacct", "cpuset", "memory"];
        string[] v1Files = ["cpu.cfs_quota_us", "cpuacct.usage", "cpuset.cpus", "memory.limit_in_bytes"];
        var hierarchy = v1.Zip(v1Files).All(p => File.Exists(Path.Combine(root, p.First, p.Second)))
            ? new CgroupHierarchy(1, [.. v1.Select(c => Path.Combine(root, c))], ReadCores(Path.Combine(root, "cpuset"), "cpuset.cpus"))
            : IsUnifiedWith(root, "cpu", "cpuset", "memory")
                ? new CgroupHierarchy(2, [root], ReadCores(root, "cpuset.cpus.effective"))
                : null;
        if (hierarchy is null)
        {
            return (null, $"no cgroup v1 cpu/cpuacct/cpuset/memory controllers or v2 unified hierarchy with cpu, cpuset and memory under {root}");
        }

        try
        {
            foreach (var parent in hierarchy.Parents)
            {
                Directory.CreateDirectory(parent);
            }

            return (hierarchy, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cgroups under {root} are not writable ({e.Message}); run as root or delegate a cgroup to RightSize's user");
        }
    }

    /// <summary>Makes a cgroup with these limits; null and why when the kernel refuses.</summary>
    public (EndpointCgroup? Cgroup, string? Error) TryCreate(string endpointName, CgroupLimits limits)
    {
        var name = NameFor(endpointName);
        try
        {
            return (Version == 1 ? CgroupV1.Create(this, name, limits) : CgroupV2.Create(this, name, limits), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            EndpointCgroup.KillAndRemove([.. Parents.Select(p => Path.Combine(p, name))], TimeSpan.FromSeconds(5));
            return (null, $"could not create cgroup {Prefix}/{name}: {e.Message}");
        }
    }

    /// <summary>The pid and start time of the RightSize that made a cgroup, from its name; null for foreign names.</summary>
    public static (int Pid, long StartTicks)? OwnerOf(string cgroupName) =>
        cgroupName.Split('.') is [_, _, var pid, var start]
        && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
        && long.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? (p, s)
            : null;

    private static string NameFor(string endpointName)
    {
        var self = Environment.ProcessId;
        return string.Create(CultureInfo.InvariantCulture,
            $"{endpointName.Replace('.', '-')}.{Guid.NewGuid().ToString("N")[..8]}.{self}.{ProcessTree.StartTicks(self) ?? 0}");
    }

    private static bool IsUnifiedWith(string root, params string[] controllers)
    {
        var file = Path.Combine(root, "cgroup.controllers");
        return File.Exists(file) && controllers.All(File.ReadAllText(file).Split(' ', '\n').Contains);
    }

    private static IReadOnlyList<int> ReadCores(string directory, string file)
    {
        try
        {
            return CgroupFiles.ParseCoreList(CgroupFiles.Read(directory, file));
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return [.. Enumerable.Range(0, Environment.ProcessorCount)];
        }
    }
}
