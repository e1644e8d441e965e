using System.Globalization;

namespace RightSize.Orchestration;

/// <summary>
/// Watches the whole host once a second from <c>/proc/stat</c>: CPU that neither the load generator nor the endpoint
/// used (other processes), steal time (a hypervisor giving the cores to other guests) and the run queue
/// (<c>procs_running</c>). A window in which others used half a core or more, steal reached a tenth of a core, or more
/// than four runnable tasks per core waited, was measured on a saturated host: host-bound.
/// </summary>
internal sealed class HostLoad
{
    internal const double OtherCoresLimit = 0.5;
    internal const double StealCoresLimit = 0.1;
    internal const double RunQueuePerCoreLimit = 4;

    private readonly Func<string?> _read;
    private readonly List<Second?> _seconds = [];
    private Counters? _last;

    /// <param name="read">Returns the text of /proc/stat, or null where it cannot be read.</param>
    public HostLoad(Func<string?> read)
    {
        _read = read;
        _last = Counters.Parse(read());
    }

    public static string? ReadProcStat()
    {
        try
        {
            return File.ReadAllText("/proc/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records the second just ended, given what the generator and the endpoint used (NaN: not measured).</summary>
    public void Sample(double generatorCores, double endpointCores)
    {
        var now = Counters.Parse(_read());
        _seconds.Add(now is { } n && _last is { } l && n.Total > l.Total && double.IsFinite(generatorCores) && double.IsFinite(endpointCores)
            ? Between(l, n, generatorCores, endpointCores)
            : null);
        _last = now;
    }

    /// <summary>Whether the host was saturated over the window's seconds; null when none of them could be judged.</summary>
    public bool? IsHostBound(int endSecond, int lengthSeconds) => Over(endSecond, lengthSeconds) is { } s ? s.Saturated : null;

    /// <summary>What the host did over the window, e.g. "other processes used 1.1 of 2 cores, steal 0 cores, run queue 9".</summary>
    public string? Describe(int endSecond, int lengthSeconds) => Over(endSecond, lengthSeconds) is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"other processes used {s.OtherCores:0.##} of {s.Cores} cores, steal {s.StealCores:0.##} cores, run queue {s.RunQueue:0.#}")
        : null;

    private Second? Over(int endSecond, int lengthSeconds)
    {
        var seconds = _seconds.Skip(endSecond - lengthSeconds).Take(lengthSeconds).OfType<Second>().ToList();
        return seconds.Count == 0 ? null : new Second(
            seconds.Average(s => s.OtherCores), seconds.Average(s => s.StealCores), seconds.Average(s => s.RunQueue), seconds[^1].Cores);
    }

    private static Second Between(Counters last, Counters now, double generatorCores, double endpointCores)
    {
        double span = now.Total - last.Total;
        var busy = (now.Busy - last.Busy) / span * now.Cores;
        var steal = (now.Steal - last.Steal) / span * now.Cores;
        return new Second(Math.Max(0, busy - generatorCores - endpointCores), steal, now.RunQueue, now.Cores);
    }

    private sealed record Second(double OtherCores, double StealCores, double RunQueue, int Cores)
    {
        public bool Saturated => OtherCores >= OtherCoresLimit || StealCores >= StealCoresLimit || RunQueue > RunQueuePerCoreLimit * Cores;
    }

    /// <summary>The host's cumulative CPU counters (the "cpu" line, in clock ticks) and the tasks runnable now.</summary>
    private sealed record Counters(long Busy, long Total, long Steal, int Cores, int RunQueue)
    {
        // cpu  user nice system idle iowait irq softirq steal [guest guest_nice: already in user and nice]
        public static Counters? Parse(string? text)
        {
            if (text is null)
            {
                return null;
            }

            long[]? cpu = null;
            int cores = 0, running = 0;
            foreach (var line in text.Split('\n'))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields is ["cpu", ..] && fields.Length >= 9)
                {
                    cpu = [.. fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture))];
                }
                else if (fields.Length > 0 && fields[0].StartsWith("cpu", StringComparison.Ordinal))
                {
                    cores++;
                }
                else if (fields is ["procs_running", var n])
                {
                    running = int.Parse(n, CultureInfo.InvariantCulture);
                }
            }

            if (cpu is null || cores == 0)
            {
                return null;
            }

            // Idle and iowait are not busy; everything else, steal included, is.
            return new Counters(cpu.Sum() - cpu[3] - cpu[4], cpu.Sum(), cpu[7], cores, running);
        }
    }
}
