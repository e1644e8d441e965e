using System.Diagnostics;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;
using RightSize.Results;

namespace RightSize.Core.Tests.Endpoints;

public sealed class LocalLimitsTests
{
    private static EndpointRequest Request(double vcpus) => new()
    {
        EndpointName = "limits-test",
        Resources = new EndpointResources(vcpus, 1),
    };

    [Fact]
    public void Without_cgroups_the_cpu_is_limited_by_affinity_and_the_results_say_limits_were_not_enforced()
    {
        var prepared = new LocalLimits(cgroupRoot: null).Prepare(Request(1), new ProcessStartInfo("true"));

        Assert.Null(prepared.Cgroup);
        Assert.Equal(CaveatKind.LimitsNotEnforced, prepared.Caveat?.Kind);
        Assert.StartsWith("limits not enforced: cgroups are turned off", prepared.Caveat?.Detail, StringComparison.Ordinal);
        if (Environment.ProcessorCount > 1)
        {
            Assert.Equal([Environment.ProcessorCount - 1], prepared.AffinityCores);
        }
    }

    [Fact]
    public void A_root_without_cgroup_hierarchies_falls_back_with_the_reason_and_still_keeps_the_generators_core()
    {
        var prepared = new LocalLimits(Path.GetTempPath()).Prepare(Request(64), new ProcessStartInfo("true"));

        Assert.Null(prepared.Cgroup);
        Assert.Equal(CaveatKind.LimitsNotEnforced, prepared.Caveat?.Kind);
        Assert.Contains("no cgroup v1", prepared.Caveat?.Detail, StringComparison.Ordinal);
        var cores = Environment.ProcessorCount;
        if (cores > 1)
        {
            // Even a type larger than the host never gets core 0, the load generator's.
            Assert.Equal(Enumerable.Range(1, cores - 1), prepared.AffinityCores);
            Assert.Contains($"CPU limited by affinity to {cores - 1} of {cores} cores", prepared.Caveat?.Detail, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(prepared.AffinityCores);
            Assert.Contains("asks for 64 vCPUs", prepared.Caveat?.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void With_cgroups_the_start_is_wrapped_to_join_the_cgroup_and_the_warning_says_what_is_enforced()
    {
        var prepared = new LocalLimits(CgroupReaper.DefaultRoot).Prepare(Request(0.5), new ProcessStartInfo("true"));
        try
        {
            Assert.NotNull(prepared.Cgroup);
            Assert.Equal("/bin/sh", prepared.StartInfo.FileName);
            Assert.StartsWith("limits enforced by cgroup", prepared.Caveat?.Detail, StringComparison.Ordinal);
        }
        finally
        {
            prepared.Cgroup?.Remove();
        }
    }

    [Fact]
    public void Cgroup_names_carry_their_owner_and_foreign_names_have_none()
    {
        Assert.Equal((42, 7L), CgroupHierarchy.OwnerOf("job-1.0badc0de.42.7"));
        Assert.Null(CgroupHierarchy.OwnerOf("something-else"));
    }
}
