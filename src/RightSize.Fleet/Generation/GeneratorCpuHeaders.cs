using System.Globalization;
using NATS.Client.Core;
using RightSize.Fleet.Agents.Facts;
using RightSize.Load;

namespace RightSize.Fleet.Generation;

/// <summary>
/// A generator agent's CPU over each second it sends, as headers on that second's bucket (whose bytes stay the mergeable
/// encoding): the coordinator's generator-bound caveat reads the busiest generator's instead of its own CPU.
/// </summary>
internal static class GeneratorCpuHeaders
{
    private const string Percent = "Rightsize-Cpu-Percent";
    private const string Cores = "Rightsize-Cores";

    public static NatsHeaders For(double percent, double cores) => new()
    {
        [Percent] = percent.ToString("0.0", CultureInfo.InvariantCulture),
        [Cores] = cores.ToString("0.###", CultureInfo.InvariantCulture),
    };

    /// <summary>The CPU a bucket's headers carry; null when they carry none (an agent of an older version).</summary>
    public static GeneratorCpu? Read(NatsHeaders? headers, string generator) =>
        headers is not null
        && headers.TryGetValue(Percent, out var percent) && double.TryParse(percent, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
        && headers.TryGetValue(Cores, out var cores) && double.TryParse(cores, NumberStyles.Float, CultureInfo.InvariantCulture, out var c)
            ? new GeneratorCpu(generator, p, c)
            : null;
}

/// <summary>This process's CPU since the previous reading, in percent of the cores it may use (its cgroup's quota, when lower).</summary>
internal sealed class ProcessCpu(TimeProvider time) : IDisposable
{
    private readonly ProcessCpuMeter _meter = new(time);

    // .NET's ProcessorCount rounds a fractional quota up; the quota itself is what the generator may use.
    public static double Cores { get; } = Math.Min(Environment.ProcessorCount, OwnCgroup.Limits("/proc", "/sys/fs/cgroup").Cores ?? double.MaxValue);

    public double Read() => _meter.ReadCores() / Cores * 100;

    public void Dispose() => _meter.Dispose();
}
