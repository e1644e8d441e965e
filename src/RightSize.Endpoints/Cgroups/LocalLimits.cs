using System.Diagnostics;
using System.Globalization;
using RightSize.Results;

namespace RightSize.Endpoints.Cgroups;

/// <summary>How a local endpoint is limited: a cgroup, or (where none can be made) CPU affinity only.</summary>
internal sealed record PreparedLimits(ProcessStartInfo StartInfo, EndpointCgroup? Cgroup, IReadOnlyList<int>? AffinityCores, Caveat? Caveat);

/// <summary>
/// Gives local endpoints their type's CPU and memory: a cgroup where the host lets RightSize make one, else CPU
/// affinity to as many cores as the type has vCPUs, with a warning that the limits were not enforced.
/// </summary>
internal sealed class LocalLimits
{
    private readonly Lazy<(CgroupHierarchy? Hierarchy, string? WhyNot)> _hierarchy;

    /// <param name="cgroupRoot">Where cgroup hierarchies are mounted; null to use CPU affinity only.</param>
    public LocalLimits(string? cgroupRoot)
    {
        _hierarchy = new(() => cgroupRoot is null
            ? (null, "cgroups are turned off for local endpoints")
            : CgroupHierarchy.Detect(cgroupRoot));
    }

    public PreparedLimits Prepare(EndpointRequest request, ProcessStartInfo info)
    {
        if (request.Resources is not { } resources)
        {
            return new PreparedLimits(info, null, null, null);
        }

        var (hierarchy, whyNot) = _hierarchy.Value;
        var cores = CoreAllocation.For(resources.VCpus, hierarchy?.Cores ?? CoreAllocation.HostCores()).EndpointCores;
        if (hierarchy is not null)
        {
            var limits = new CgroupLimits(resources.VCpus, (long)(resources.MemoryGiB * (1L << 30)), cores);
            var (cgroup, error) = hierarchy.TryCreate(request.EndpointName, limits);
            if (cgroup is not null)
            {
                return new PreparedLimits(CgroupJoin.Wrap(info, cgroup), cgroup, null, new Caveat(CaveatKind.Note, cgroup.Describe()));
            }

            whyNot = error;
        }

        var host = Environment.ProcessorCount;
        return cores.Count < host
            ? new PreparedLimits(info, null, cores, new Caveat(CaveatKind.LimitsNotEnforced, string.Create(CultureInfo.InvariantCulture,
                $"limits not enforced: {whyNot}; CPU limited by affinity to {cores.Count} of {host} cores, memory not limited")))
            : new PreparedLimits(info, null, null, new Caveat(CaveatKind.LimitsNotEnforced, string.Create(CultureInfo.InvariantCulture,
                $"limits not enforced: {whyNot}; the type asks for {resources.VCpus} vCPUs and {resources.MemoryGiB} GiB, the host has {host} cores")));
    }
}
