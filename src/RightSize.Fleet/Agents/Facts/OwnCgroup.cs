using System.Globalization;

namespace RightSize.Fleet.Agents.Facts;

/// <summary>The CPU and memory limits of the cgroup this process runs in (a container's), cgroup v2 or v1.</summary>
internal static class OwnCgroup
{
    public static (double? Cores, long? MemoryBytes) Limits(string proc, string cgroupRoot)
    {
        var file = Path.Combine(proc, "self", "cgroup");
        if (!File.Exists(file))
        {
            return (null, null);
        }

        var lines = File.ReadAllLines(file).Select(l => l.Split(':', 3)).Where(p => p.Length == 3).ToList();
        var v2 = lines.FirstOrDefault(p => p[0] == "0" && p[1].Length == 0);
        if (v2 is not null && File.Exists(Path.Combine(cgroupRoot, "cgroup.controllers")))
        {
            var folder = Folder(cgroupRoot, v2[2]);
            return (CpuMax(Read(folder, "cpu.max")), Bytes(Read(folder, "memory.max")));
        }

        var cpu = lines.FirstOrDefault(p => p[1].Split(',').Contains("cpu"));
        var memory = lines.FirstOrDefault(p => p[1].Split(',').Contains("memory"));
        var cpuFolder = cpu is null ? null : Folder(Path.Combine(cgroupRoot, cpu[1].Contains(',', StringComparison.Ordinal) ? cpu[1] : "cpu"), cpu[2]);
        var memoryFolder = memory is null ? null : Folder(Path.Combine(cgroupRoot, "memory"), memory[2]);
        var quota = cpuFolder is null ? null : Read(cpuFolder, "cpu.cfs_quota_us");
        var period = cpuFolder is null ? null : Read(cpuFolder, "cpu.cfs_period_us");
        return (quota is null || period is null ? null : CpuMax($"{quota} {period}"), memoryFolder is null ? null : Bytes(Read(memoryFolder, "memory.limit_in_bytes")));
    }

    /// <summary>"quota period" (v2's cpu.max, or v1's two files): cores; "max" or a negative quota: none.</summary>
    internal static double? CpuMax(string? text) =>
        text?.Split(' ') is [var quota, var period]
        && long.TryParse(quota, NumberStyles.None, CultureInfo.InvariantCulture, out var q)
        && long.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0
            ? Math.Round((double)q / p, 3)
            : null;

    /// <summary>A memory limit in bytes; "max" (v2) or v1's page-rounded 2^63 mean none.</summary>
    internal static long? Bytes(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes < long.MaxValue / 2 ? bytes : null;

    /// <summary>The cgroup's folder; inside a container the path may be the host's, so the mount's root stands in when it is absent.</summary>
    private static string Folder(string mount, string path)
    {
        var folder = Path.Combine(mount, path.TrimStart('/'));
        return Directory.Exists(folder) ? folder : mount;
    }

    private static string? Read(string folder, string name)
    {
        try
        {
            return File.ReadAllText(Path.Combine(folder, name)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
