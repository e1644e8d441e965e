using System.Diagnostics;
using System.Globalization;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;
using RightSize.Load;
using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Orchestration;

/// <summary>
/// Keeps the load generator (this process) on its own cores, apart from the endpoint's (<see cref="CoreAllocation"/>), and
/// measures its own CPU each second (or takes the generator agents' when they send the load), so a test whose
/// generator was nearly saturated says its numbers may be generator-bound. It also watches the host (<see cref="HostLoad"/>), so a window measured while other load saturated
/// the host is marked host-bound. Pinning is process-wide, so it happens only when tests run one at a time.
/// </summary>
internal sealed class GeneratorMonitor : IDisposable
{
    private const double BusyPercent = 80;

    private readonly Process _self = Process.GetCurrentProcess();
    private readonly nint? _previousAffinity;
    private readonly int _cores;
    private readonly List<double> _perSecond = [];
    private readonly List<GeneratorCpu?> _remote = [];
    private readonly HostLoad _host;
    private readonly ProcessCpuMeter _cpu;

    /// <param name="readHostStat">Returns the text of /proc/stat (<see cref="HostLoad.ReadProcStat"/>), or null.</param>
    public GeneratorMonitor(EndpointResources? endpoint, bool pin, TimeProvider time, Func<string?> readHostStat)
    {
        _host = new HostLoad(readHostStat);
        _cores = Environment.ProcessorCount;
        var generatorCores = endpoint is null ? null : CoreAllocation.For(endpoint.VCpus, CoreAllocation.HostCores()).GeneratorCores;
        if (pin && generatorCores is { Count: > 0 } cores && cores.Max() < 64 && OperatingSystem.IsLinux())
        {
            _previousAffinity = _self.ProcessorAffinity;
            _self.ProcessorAffinity = (nint)cores.Aggregate(0L, (mask, c) => mask | (1L << c));
            _cores = cores.Count;
            Pinned = cores;
        }

        _cpu = new ProcessCpuMeter(time);
    }

    /// <summary>The cores the generator was pinned to; null when it was not pinned.</summary>
    public IReadOnlyList<int>? Pinned { get; }

    /// <summary>
    /// Records the generator's CPU over the second just ended, in percent of the cores it may use (the busiest generator
    /// agent's when <paramref name="remote"/> is given, else this process's), and the host's load. A remote second with
    /// no report (<see cref="GeneratorCpu.NoReport"/>) is not measured: it never falls back to this process, which
    /// generates nothing then.
    /// </summary>
    public void Sample(ResourceSample endpoint, GeneratorCpu? remote = null)
    {
        var ownCores = _cpu.ReadCores();
        _perSecond.Add(remote is null ? ownCores / _cores * 100 : remote.Percent);
        _remote.Add(remote);
        _host.Sample(ownCores, endpoint.CpuUtilization / 100);
    }

    /// <summary>A generator-bound caveat when the generator's mean CPU over the peak window was above 80% of its cores.</summary>
    public Caveat? CaveatFor(WindowStats peak)
    {
        var seconds = _perSecond.Skip(peak.EndSecond - peak.LengthSeconds).Take(peak.LengthSeconds).Where(double.IsFinite).ToList();
        if (seconds.Count == 0 || seconds.Average() <= BusyPercent)
        {
            return null;
        }

        // With generator agents: the one that was the busiest in most of the window's seconds.
        var busiest = _remote.Skip(peak.EndSecond - peak.LengthSeconds).Take(peak.LengthSeconds).OfType<GeneratorCpu>()
            .Where(g => double.IsFinite(g.Percent)).GroupBy(g => g.Generator).MaxBy(g => g.Count())?.First();
        var who = busiest is null ? "the load generator" : $"generator agent {busiest.Generator} (the busiest generator each second)";
        return new Caveat(CaveatKind.GeneratorBound, string.Create(CultureInfo.InvariantCulture,
            $"{who} used {seconds.Average():0}% of its {busiest?.Cores ?? _cores} core(s) in the peak window: the measurement may be generator-bound"));
    }

    /// <summary>Whether other load saturated the host over the window; null where the host or the endpoint was not measured.</summary>
    public bool? IsHostBound(WindowStats window) => _host.IsHostBound(window.EndSecond, window.LengthSeconds);

    /// <summary>A host-bound caveat when the peak window was measured on a saturated host.</summary>
    public Caveat? HostCaveatFor(WindowStats peak, int hostBoundWindows, int windows) =>
        peak.HostBound == true && _host.Describe(peak.EndSecond, peak.LengthSeconds) is { } what
            ? new Caveat(CaveatKind.HostBound, string.Create(CultureInfo.InvariantCulture,
                $"the host was saturated in the peak window ({what}; {hostBoundWindows} of {windows} windows host-bound): the endpoint may serve more on a quiet host"))
            : null;

    public void Dispose()
    {
        if (_previousAffinity is { } previous && OperatingSystem.IsLinux())
        {
            _self.ProcessorAffinity = previous;
        }

        _self.Dispose();
        _cpu.Dispose();
    }
}
