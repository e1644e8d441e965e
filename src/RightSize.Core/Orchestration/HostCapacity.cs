using System.Globalization;
using RightSize.Endpoints;

namespace RightSize.Orchestration;

/// <summary>What this machine can give one endpoint: its cores and its memory.</summary>
public sealed record HostCapacity(int Cores, double MemoryGiB)
{
    public static HostCapacity Current { get; } = new(Environment.ProcessorCount, ReadMemTotalGiB());

    /// <summary>
    /// Proportional emulation: one factor for the whole job, so the largest type fits the host and the types keep their
    /// ratios: min(1, cores / max vCPUs, memory / max memory) over the job's types.
    /// </summary>
    public double EmulationFactor(IEnumerable<EndpointResources> resources)
    {
        var factor = 1.0;
        foreach (var r in resources)
        {
            factor = Math.Min(factor, Math.Min(r.VCpus > 0 ? Cores / r.VCpus : 1, r.MemoryGiB > 0 ? MemoryGiB / r.MemoryGiB : 1));
        }

        return factor;
    }

    public bool Fits(EndpointResources r) => r.VCpus <= Cores && r.MemoryGiB <= MemoryGiB;

    /// <summary>Why a type cannot run here, and the two ways out.</summary>
    public string DescribeTooLarge(string typeName, EndpointResources r)
    {
        var cores = Math.Max(1, Cores / 2);
        var profile = string.Create(CultureInfo.InvariantCulture,
            $"{{\"InstanceType\": \"local.cpu{cores}\", \"VCpus\": {cores}, \"MemoryGiB\": {cores * 2}, \"PricePerHour\": 0.1}}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{typeName} needs {r.VCpus:0.###} vCPUs and {r.MemoryGiB:0.###} GiB but this host has {Cores} cores and {MemoryGiB:0.#} GiB: add a local profile that fits to the workspace's InstanceTypes, e.g. {profile}, and test that, or tag the job rightsize:emulate-proportional = true to run every type scaled down by one factor (an approximation)");
    }

    private static double ReadMemTotalGiB()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / (1024.0 * 1024);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30);
        }
    }
}
