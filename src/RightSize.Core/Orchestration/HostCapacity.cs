using System.Globalization;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;

namespace RightSize.Orchestration;

/// <summary>
/// What this machine can give one endpoint: its cores less those the load generator keeps (<see cref="GeneratorCores"/>),
/// and its memory.
/// </summary>
public sealed record HostCapacity(int Cores, double MemoryGiB)
{
    public static HostCapacity Current { get; } = new(Environment.ProcessorCount, ReadMemTotalGiB()) { GeneratorCores = CoreAllocation.GeneratorReserve };

    /// <summary>Cores the load generator keeps for itself; an endpoint never gets them (1 unless RIGHTSIZE_GENERATOR_CORES says).</summary>
    public int GeneratorCores { get; init; } = 1;

    /// <summary>The cores an endpoint can have: all but the generator's, or the only one on a one-core host.</summary>
    public int EndpointCores => Cores > GeneratorCores ? Cores - GeneratorCores : Cores;

    /// <summary>
    /// Proportional emulation: one factor for the whole job, so the largest type fits the host and the types keep their
    /// ratios: min(1, cores / max vCPUs, memory / max memory) over the job's types.
    /// </summary>
    public double EmulationFactor(IEnumerable<EndpointResources> resources)
    {
        var factor = 1.0;
        foreach (var r in resources)
        {
            factor = Math.Min(factor, Math.Min(r.VCpus > 0 ? EndpointCores / r.VCpus : 1, r.MemoryGiB > 0 ? MemoryGiB / r.MemoryGiB : 1));
        }

        return factor;
    }

    public bool Fits(EndpointResources r) => r.VCpus <= EndpointCores && r.MemoryGiB <= MemoryGiB;

    /// <summary>What endpoints get here, e.g. "1 of this host's 2 cores (1 kept for the load generator) and 7.8 GiB".</summary>
    public string DescribeRoom() => EndpointCores < Cores
        ? string.Create(CultureInfo.InvariantCulture, $"{EndpointCores} of this host's {Cores} cores ({Cores - EndpointCores} kept for the load generator) and {MemoryGiB:0.#} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"this host's {Cores} core(s), shared with the load generator, and {MemoryGiB:0.#} GiB");

    /// <summary>Why a type cannot run here, and the ways out.</summary>
    public string DescribeTooLarge(string typeName, EndpointResources r)
    {
        var cores = EndpointCores;
        var profile = string.Create(CultureInfo.InvariantCulture,
            $"{{\"InstanceType\": \"local.cpu{cores}\", \"VCpus\": {cores}, \"MemoryGiB\": {cores * 2}, \"PricePerHour\": 0.1}}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{typeName} needs {r.VCpus:0.###} vCPUs and {r.MemoryGiB:0.###} GiB but endpoints get {DescribeRoom()}: choose a smaller type or add a local profile that fits to the workspace's InstanceTypes, e.g. {profile}, and test that; or tag the job rightsize:emulate-proportional = true to run every type scaled down by one factor (an approximation); or run the endpoint on another host and test it as an existing endpoint");
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
