using System.Diagnostics;
using System.Globalization;

namespace RightSize.Endpoints.Cgroups;

/// <summary>What an endpoint's cgroup limits it to: a CPU quota, the cores it may run on, and memory.</summary>
internal sealed record CgroupLimits(double VCpus, long MemoryBytes, IReadOnlyList<int> Cores);

/// <summary>CPU time used since the cgroup was made and memory in use now (page cache that can be dropped excluded).</summary>
internal readonly record struct CgroupUsage(double CpuSeconds, long MemoryBytes);

/// <summary>
/// One endpoint's cgroup, in every controller hierarchy it needs. A process joins it by writing its pid to
/// <see cref="ProcsFiles"/> (its children inherit it); <see cref="Remove"/> kills whatever still runs in it and removes it.
/// </summary>
internal abstract class EndpointCgroup
{
    private static readonly TimeSpan RemoveTimeout = TimeSpan.FromSeconds(10);

    protected EndpointCgroup(string name, IReadOnlyList<string> directories, CgroupLimits limits)
    {
        Name = name;
        Directories = directories;
        Limits = limits;
    }

    public string Name { get; }

    public CgroupLimits Limits { get; }

    /// <summary>The cgroup's folder in each hierarchy (one for v2).</summary>
    public IReadOnlyList<string> Directories { get; }

    public IReadOnlyList<string> ProcsFiles => [.. Directories.Select(d => Path.Combine(d, "cgroup.procs"))];

    protected abstract string Version { get; }

    public abstract CgroupUsage ReadUsage();

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"limits enforced by cgroup {Version} {CgroupHierarchy.Prefix}/{Name}: CPU quota {Limits.VCpus:0.###} vCPU on core(s) {CgroupFiles.CoreList(Limits.Cores)}, memory {Limits.MemoryBytes / (double)(1L << 30):0.###} GiB");

    /// <summary>Kills what still runs in the cgroup, then removes its folders; false when that did not finish in time.</summary>
    public bool Remove() => KillAndRemove(Directories, RemoveTimeout);

    /// <summary>Also used by the reaper for cgroups a killed RightSize left behind.</summary>
    internal static bool KillAndRemove(IReadOnlyList<string> directories, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var pids = directories.SelectMany(CgroupFiles.Pids).Distinct().ToList();
            foreach (var pid in pids)
            {
                Kill(pid);
            }

            if (pids.Count == 0 && TryRemoveAll(directories))
            {
                return true;
            }

            if (clock.Elapsed > timeout)
            {
                return false;
            }

            // Killed processes leave the cgroup only once the kernel has reaped them: a short wait, bounded above.
            Thread.Sleep(20);
        }
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Exited meanwhile.
        }
    }

    private static bool TryRemoveAll(IReadOnlyList<string> directories)
    {
        var removed = true;
        foreach (var directory in directories.Where(Directory.Exists))
        {
            try
            {
                // rmdir on a cgroup folder removes it with its control files; it fails while a process is still in it.
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                removed = false;
            }
        }

        return removed;
    }
}
