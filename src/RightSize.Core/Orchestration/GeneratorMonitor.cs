using System.Diagnostics;
using System.Globalization;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;
using RightSize.Windows;

namespace RightSize.Orchestration;

/// <summary>
/// Keeps the load generator (this process) off the endpoint's cores where the host has spare cores, and measures its
/// own CPU each second, so a test whose generator was nearly saturated says its numbers may be generator-bound.
/// Pinning is process-wide, so it happens only when tests run one at a time.
/// </summary>
internal sealed class GeneratorMonitor : IDisposable
{
    private const double BusyPercent = 80;

    private readonly Process _self = Process.GetCurrentProcess();
    private readonly TimeProvider _time;
    private readonly nint? _previousAffinity;
    private readonly int _cores;
    private readonly List<double> _perSecond = [];
    private TimeSpan _lastCpu;
    private long _lastSample;

    public GeneratorMonitor(EndpointResources? endpoint, bool pin, TimeProvider time)
    {
        _time = time;
        _cores = Environment.ProcessorCount;
        var generatorCores = endpoint is null ? null : CoreAllocation.For(endpoint.VCpus, CoreAllocation.HostCores()).GeneratorCores;
        if (pin && generatorCores is { Count: > 0 } cores && cores.Max() < 64 && OperatingSystem.IsLinux())
        {
            _previousAffinity = _self.ProcessorAffinity;
            _self.ProcessorAffinity = (nint)cores.Aggregate(0L, (mask, c) => mask | (1L << c));
            _cores = cores.Count;
            Pinned = cores;
        }

        _lastCpu = _self.TotalProcessorTime;
        _lastSample = time.GetTimestamp();
    }

    /// <summary>The cores the generator was pinned to; null when it was not pinned.</summary>
    public IReadOnlyList<int>? Pinned { get; }

    /// <summary>Records the generator's CPU over the second just ended, in percent of the cores it may use.</summary>
    public void Sample()
    {
        _self.Refresh();
        var cpu = _self.TotalProcessorTime;
        var now = _time.GetTimestamp();
        var wall = _time.GetElapsedTime(_lastSample, now).TotalSeconds;
        _perSecond.Add(wall <= 0 ? double.NaN : (cpu - _lastCpu).TotalSeconds / wall / _cores * 100);
        (_lastCpu, _lastSample) = (cpu, now);
    }

    /// <summary>A warning when the generator's mean CPU over the peak window was above 80% of its cores.</summary>
    public string? WarningFor(WindowStats peak)
    {
        var seconds = _perSecond.Skip(peak.EndSecond - peak.LengthSeconds).Take(peak.LengthSeconds).Where(double.IsFinite).ToList();
        if (seconds.Count == 0 || seconds.Average() <= BusyPercent)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"the load generator used {seconds.Average():0}% of its {_cores} core(s) in the peak window: the measurement may be generator-bound");
    }

    public void Dispose()
    {
        if (_previousAffinity is { } previous && OperatingSystem.IsLinux())
        {
            _self.ProcessorAffinity = previous;
        }

        _self.Dispose();
    }
}
