using System.Diagnostics;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;

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
        Assert.StartsWith("limits not enforced: cgroups are turned off", prepared.Warning, StringComparison.Ordinal);
        if (Environment.ProcessorCount > 1)
        {
            Assert.Equal([Environment.ProcessorCount - 1], prepared.AffinityCores);
        }
    }

    [Fact]
    public void A_root_without_cgroup_hierarchies_falls_back_with_the_reason()
    {
        var prepared = new LocalLimits(Path.GetTempPath()).Prepare(Request(64), new ProcessStartInfo("true"));

        Assert.Null(prepared.Cgroup);
        Assert.Null(prepared.AffinityCores);
        Assert.Contains("no cgroup v1", prepared.Warning, StringComparison.Ordinal);
        Assert.Contains("asks for 64 vCPUs", prepared.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void With_cgroups_the_start_is_wrapped_to_join_the_cgroup_and_the_warning_says_what_is_enforced()
    {
        var prepared = new LocalLimits(CgroupReaper.DefaultRoot).Prepare(Request(0.5), new ProcessStartInfo("true"));
        try
        {
            Assert.NotNull(prepared.Cgroup);
            Assert.Equal("/bin/sh", prepared.StartInfo.FileName);
            Assert.StartsWith("limits enforced by cgroup", prepared.Warning, StringComparison.Ordinal);
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
