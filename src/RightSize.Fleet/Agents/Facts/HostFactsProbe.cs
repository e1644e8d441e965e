using System.Globalization;

namespace RightSize.Fleet.Agents.Facts;

/// <summary>Reads this host's facts; the roots are parameters so tests read captured files.</summary>
public static class HostFactsProbe
{
    public static HostFacts Read(string proc = "/proc", string cgroupRoot = "/sys/fs/cgroup", string dmi = "/sys/class/dmi/id")
    {
        var (cpu, memory) = OwnCgroup.Limits(proc, cgroupRoot);
        var (vendor, type) = Dmi.Read(dmi);
        return new HostFacts
        {
            Cores = HostCores(proc) ?? Environment.ProcessorCount,
            MemoryBytes = MemTotal(proc) ?? (long)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            CgroupCpuLimit = cpu,
            CgroupMemoryLimitBytes = memory,
            Gpus = NvidiaSmi.Query(),
            DmiVendor = vendor,
            DmiInstanceType = type,
        };
    }

    /// <summary>
    /// The host's cores (the cpuN lines of /proc/stat): not Environment.ProcessorCount, which is the cgroup's CPU quota
    /// rounded up in a limited container, and that limit is its own fact.
    /// </summary>
    private static int? HostCores(string proc)
    {
        var file = Path.Combine(proc, "stat");
        if (!File.Exists(file))
        {
            return null;
        }

        var cores = File.ReadLines(file).Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsAsciiDigit(l[3]));
        return cores > 0 ? cores : null;
    }

    /// <summary>The host's memory (/proc/meminfo MemTotal), not the cgroup's: that limit is its own fact.</summary>
    private static long? MemTotal(string proc)
    {
        var file = Path.Combine(proc, "meminfo");
        if (!File.Exists(file))
        {
            return null;
        }

        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var value, ..] ? value : null;
        return long.TryParse(kib, NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k * 1024 : null;
    }
}
