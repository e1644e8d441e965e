using System.Globalization;

namespace RightSize.Endpoints;

/// <summary>
/// Reads a process tree's CPU time and resident memory from /proc, so a local endpoint's utilisation is measured
/// whatever it spawns (a shell running a server, a server with workers).
/// </summary>
internal static class ProcessTree
{
    // USER_HZ: /proc reports CPU time in these ticks; 100 on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100;
    private static readonly long PageSize = Environment.SystemPageSize;

    public readonly record struct Usage(double CpuSeconds, long ResidentBytes);

    /// <summary>
    /// CPU seconds used and bytes resident, summed over <paramref name="rootPid"/> and its descendants; null when the
    /// process is gone (a gone process is not measured, not 0% CPU and 0 bytes).
    /// </summary>
    public static Usage? Measure(int rootPid)
    {
        var stats = new Dictionary<int, (int Parent, long CpuTicks, long RssPages)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && TryReadStat(pid) is { } stat)
            {
                stats[pid] = stat;
            }
        }

        if (!stats.ContainsKey(rootPid))
        {
            return null;
        }

        double ticks = 0;
        long pages = 0;
        var pending = new Stack<int>();
        pending.Push(rootPid);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            if (!stats.TryGetValue(pid, out var s))
            {
                continue;
            }

            ticks += s.CpuTicks;
            pages += s.RssPages;
            foreach (var (child, cs) in stats)
            {
                if (cs.Parent == pid)
                {
                    pending.Push(child);
                }
            }
        }

        return new Usage(ticks / TicksPerSecond, pages * PageSize);
    }

    /// <summary>The process's start time in clock ticks since boot: with the pid, it identifies a process uniquely.</summary>
    public static long? StartTicks(int pid) => TryReadFields(pid) is { } f ? long.Parse(f[19], CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// Whether the process <paramref name="pid"/> that started at <paramref name="startTicks"/> still runs: how every
    /// reaper tells a live owner from a gone one. A killed process keeps its pid and start time as a zombie until its
    /// parent waits for it (seconds when that is a container's or sandbox's init, never when the parent does not
    /// wait), but it is gone all the same.
    /// </summary>
    public static bool IsAlive(int pid, long startTicks) =>
        pid > 0 && TryReadFields(pid) is { } f && f[0] is not ("Z" or "X") && long.Parse(f[19], CultureInfo.InvariantCulture) == startTicks;

    private static (int Parent, long CpuTicks, long RssPages)? TryReadStat(int pid)
    {
        if (TryReadFields(pid) is not { } f)
        {
            return null;
        }

        // Fields after the command name: state(0) ppid(1) ... utime(11) stime(12) ... rss(21).
        var parent = int.Parse(f[1], CultureInfo.InvariantCulture);
        var cpu = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        var rss = long.Parse(f[21], CultureInfo.InvariantCulture);
        return (parent, cpu, rss);
    }

    private static string[]? TryReadFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may itself contain spaces or parentheses.
            var close = text.LastIndexOf(')');
            return close < 0 ? null : text[(close + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
