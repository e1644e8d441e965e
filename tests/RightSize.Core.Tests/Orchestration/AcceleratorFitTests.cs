using RightSize.Catalog;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;

namespace RightSize.Core.Tests.Orchestration;

public sealed class AcceleratorFitTests
{
    [Theory]
    [InlineData("ml.g4dn.xlarge", AcceleratorKind.NvidiaGpu)]
    [InlineData("ml.g5.xlarge", AcceleratorKind.NvidiaGpu)]
    [InlineData("ml.p3.2xlarge", AcceleratorKind.NvidiaGpu)]
    [InlineData("ml.inf1.xlarge", AcceleratorKind.Inferentia)]
    [InlineData("ml.inf2.xlarge", AcceleratorKind.Inferentia)]
    [InlineData("ml.trn1.2xlarge", AcceleratorKind.Trainium)]
    public void Accelerator_families_are_known_by_their_prefix(string name, AcceleratorKind kind) =>
        Assert.Equal(new AcceleratorNeed(kind, 1), Accelerators.Of(Type(name)));

    [Theory]
    [InlineData("ml.c5.xlarge")]
    [InlineData("ml.m5.large")]
    [InlineData("local.cpu1")]
    public void Cpu_types_need_no_accelerator(string name) => Assert.Null(Accelerators.Of(Type(name)));

    [Fact]
    public void A_workspace_type_with_gpus_is_a_gpu_type() =>
        Assert.Equal(new AcceleratorNeed(AcceleratorKind.NvidiaGpu, 2), Accelerators.Of(Type("local.gpu2") with { Gpus = 2 }));

    [Fact]
    public void Without_a_gpu_the_test_fails_with_why_and_the_ways_out()
    {
        var test = Assert.Single(AcceleratorFit.Apply([Test("ml.g4dn.xlarge", AcceleratorKind.NvidiaGpu)], HostAccelerators.None, runsInContainer: true, emulate: false));

        Assert.StartsWith("ml.g4dn.xlarge is an accelerator type (1 NVIDIA GPU) but this host has no NVIDIA GPU", test.PlanningFailure, StringComparison.Ordinal);
        Assert.Contains("NVIDIA Container Toolkit", test.PlanningFailure, StringComparison.Ordinal);
        Assert.Contains(RightSizeTags.EmulateAccelerators + " = true", test.PlanningFailure, StringComparison.Ordinal);
        Assert.Equal(0, test.Gpus);
    }

    [Fact]
    public void Inferentia_without_neuron_devices_fails_and_says_which_device_is_missing()
    {
        var test = Assert.Single(AcceleratorFit.Apply([Test("ml.inf1.xlarge", AcceleratorKind.Inferentia)], new HostAccelerators(4, 0), runsInContainer: true, emulate: false));

        Assert.Contains("(an AWS Inferentia chip) but this host has no AWS Neuron device", test.PlanningFailure, StringComparison.Ordinal);
    }

    [Fact]
    public void Opted_in_the_test_runs_on_cpu_marked_accelerator_emulated()
    {
        var test = Assert.Single(AcceleratorFit.Apply([Test("ml.g5.xlarge", AcceleratorKind.NvidiaGpu)], HostAccelerators.None, runsInContainer: true, emulate: true));

        Assert.Null(test.PlanningFailure);
        Assert.Equal(0, test.Gpus);
        var caveat = Assert.Single(test.Caveats);
        Assert.Equal(CaveatKind.AcceleratorEmulated, caveat.Kind);
        Assert.Contains("ran on CPU only", caveat.Detail, StringComparison.Ordinal);
        Assert.Contains("price is the accelerator type's", caveat.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_docker_endpoint_on_a_host_with_gpus_gets_them_and_a_local_process_does_not()
    {
        var docker = Assert.Single(AcceleratorFit.Apply([Test("ml.g4dn.xlarge", AcceleratorKind.NvidiaGpu)], new HostAccelerators(2, 0), runsInContainer: true, emulate: false));
        Assert.Equal(1, docker.Gpus);
        Assert.Null(docker.PlanningFailure);
        Assert.Equal(CaveatKind.Note, Assert.Single(docker.Caveats).Kind);

        var local = Assert.Single(AcceleratorFit.Apply([Test("ml.g4dn.xlarge", AcceleratorKind.NvidiaGpu)], new HostAccelerators(2, 0), runsInContainer: false, emulate: false));
        Assert.Contains("runs as a local process", local.PlanningFailure, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_types_pass_untouched()
    {
        var cpu = new TestPlan { Index = 0, Configuration = new EndpointInputConfiguration { InstanceType = "ml.c5.xlarge" }, EndpointName = "j-1" };

        Assert.Same(cpu, Assert.Single(AcceleratorFit.Apply([cpu], HostAccelerators.None, runsInContainer: false, emulate: false)));
    }

    private static InstanceType Type(string name) => new() { Name = name, VCpus = 4, MemoryGiB = 16, PricePerHour = 1 };

    private static TestPlan Test(string type, AcceleratorKind kind) => new()
    {
        Index = 0,
        Configuration = new EndpointInputConfiguration { InstanceType = type },
        EndpointName = "j-1",
        Resources = new EndpointResources(4, 16),
        Accelerator = new AcceleratorNeed(kind, 1),
    };
}
