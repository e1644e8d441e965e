using RightSize.Windows;

namespace RightSize.Core.Tests.Windows;

public sealed class ResourceSampleTests
{
    [Fact]
    public void Cpu_above_the_vcpus_is_capped_at_their_sum()
    {
        Assert.Equal(100, new ResourceSample(100.87, 20).WithinVCpus(1).CpuUtilization);
        Assert.Equal(200, new ResourceSample(203, 20).WithinVCpus(2).CpuUtilization);
    }

    [Fact]
    public void Cpu_within_the_vcpus_memory_and_unmeasured_cpu_are_kept()
    {
        Assert.Equal(new ResourceSample(73.5, 20), new ResourceSample(73.5, 20).WithinVCpus(1));
        Assert.Equal(new ResourceSample(250, 20), new ResourceSample(250, 20).WithinVCpus(null));
        Assert.True(double.IsNaN(ResourceSample.Unmeasured.WithinVCpus(1).CpuUtilization));
    }
}
