using System.Diagnostics;

namespace RightSize.Load;

/// <summary>
/// This process's CPU between readings, in cores (CPU seconds per wall second): what the load generator uses, read
/// each second by the coordinator's <c>GeneratorMonitor</c> and by generator agents for the buckets they send.
/// </summary>
public sealed class ProcessCpuMeter : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Process _self = Process.GetCurrentProcess();
    private TimeSpan _lastCpu;
    private long _last;

    public ProcessCpuMeter(TimeProvider time)
    {
        _time = time;
        (_lastCpu, _last) = (_self.TotalProcessorTime, time.GetTimestamp());
    }

    /// <summary>Cores used since the previous reading (or the start); NaN when no time passed.</summary>
    public double ReadCores()
    {
        _self.Refresh();
        var (cpu, now) = (_self.TotalProcessorTime, _time.GetTimestamp());
        var wall = _time.GetElapsedTime(_last, now).TotalSeconds;
        (_lastCpu, _last, var previous) = (cpu, now, _lastCpu);
        return wall <= 0 ? double.NaN : (cpu - previous).TotalSeconds / wall;
    }

    public void Dispose() => _self.Dispose();
}
