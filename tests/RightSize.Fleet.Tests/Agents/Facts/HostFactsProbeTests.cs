using RightSize.Fleet.Agents;
using RightSize.Fleet.Agents.Facts;

namespace RightSize.Fleet.Tests.Agents.Facts;

public sealed class HostFactsProbeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rightsize-facts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Nvidia_smi_output_lists_each_gpu_with_its_memory_and_driver()
    {
        // Captured on a g5.12xlarge: nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader,nounits
        const string captured = "NVIDIA A10G, 23028, 535.104.05\nNVIDIA A10G, 23028, 535.104.05\nNVIDIA A10G, 23028, 535.104.05\nNVIDIA A10G, 23028, 535.104.05\n";
        var gpus = NvidiaSmi.Parse(captured);
        Assert.Equal(4, gpus.Count);
        Assert.All(gpus, g => Assert.Equal(new GpuFact("NVIDIA A10G", 23028, "535.104.05"), g));
        Assert.Empty(NvidiaSmi.Parse("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n"));
    }

    [Fact]
    public void Dmi_names_the_instance_type_on_ec2_only_and_the_agent_takes_it_unless_told_a_type()
    {
        var dmi = Write("dmi/sys_vendor", "Amazon EC2\n");
        Write("dmi/product_name", "m5.xlarge\n");
        var facts = HostFactsProbe.Read(Path.Combine(_root, "proc"), Path.Combine(_root, "cgroup"), dmi);
        Assert.Equal("m5.xlarge", facts.DmiInstanceType);
        Assert.Equal("ml.m5.xlarge", new AgentOptions { Id = "a" }.InstanceTypeOn(facts));
        Assert.Equal("ml.c5.large", new AgentOptions { Id = "a", InstanceType = "ml.c5.large" }.InstanceTypeOn(facts));

        Write("dmi/sys_vendor", "Google\n");
        Write("dmi/product_name", "Google Compute Engine\n");
        var gce = HostFactsProbe.Read(Path.Combine(_root, "proc"), Path.Combine(_root, "cgroup"), dmi);
        Assert.Equal("Google", gce.DmiVendor);
        Assert.Null(gce.DmiInstanceType);
        Assert.Null(new AgentOptions { Id = "a" }.InstanceTypeOn(gce));
    }

    [Fact]
    public void A_cgroup_v2_container_reports_its_cpu_and_memory_limits()
    {
        Write("proc/self/cgroup", "0::/kubepods/pod1\n");
        Write("proc/meminfo", "MemTotal:       16315412 kB\nMemFree:         1000 kB\n");
        // The host's four cores, not the 2 that .NET's ProcessorCount would say under a 1.5-core quota.
        Write("proc/stat", "cpu  10 0 10 100 0 0 0 0 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\ncpu1 1 0 1 1 0 0 0 0 0 0\ncpu2 1 0 1 1 0 0 0 0 0 0\ncpu3 1 0 1 1 0 0 0 0 0 0\nintr 5\nctxt 7\n");
        Write("cgroup/cgroup.controllers", "cpu memory\n");
        Write("cgroup/kubepods/pod1/cpu.max", "150000 100000\n");
        Write("cgroup/kubepods/pod1/memory.max", "2147483648\n");
        var facts = HostFactsProbe.Read(Path.Combine(_root, "proc"), Path.Combine(_root, "cgroup"), Path.Combine(_root, "nodmi"));
        Assert.Equal(1.5, facts.CgroupCpuLimit);
        Assert.Equal(2147483648L, facts.CgroupMemoryLimitBytes);
        Assert.Equal(16315412L * 1024, facts.MemoryBytes);
        Assert.Equal(4, facts.Cores);
        Assert.Null(facts.DmiVendor);

        Write("cgroup/kubepods/pod1/cpu.max", "max 100000\n");
        Write("cgroup/kubepods/pod1/memory.max", "max\n");
        var unlimited = HostFactsProbe.Read(Path.Combine(_root, "proc"), Path.Combine(_root, "cgroup"), Path.Combine(_root, "nodmi"));
        Assert.Null(unlimited.CgroupCpuLimit);
        Assert.Null(unlimited.CgroupMemoryLimitBytes);
    }

    [Fact]
    public void A_cgroup_v1_container_reports_its_cpu_and_memory_limits()
    {
        Write("proc/self/cgroup", "4:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n0::/\n");
        Write("cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us", "200000\n");
        Write("cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us", "100000\n");
        Write("cgroup/memory/docker/abc/memory.limit_in_bytes", "9223372036854771712\n");
        var facts = HostFactsProbe.Read(Path.Combine(_root, "proc"), Path.Combine(_root, "cgroup"), Path.Combine(_root, "nodmi"));
        Assert.Equal(2.0, facts.CgroupCpuLimit);
        Assert.Null(facts.CgroupMemoryLimitBytes);
    }

    private string Write(string path, string text)
    {
        var file = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return Path.GetDirectoryName(file)!;
    }
}
