using RightSize.Endpoints;
using RightSize.Endpoints.Serverless;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Tests.Jobs;

namespace RightSize.Core.Tests.Orchestration;

public sealed class HostFitTests
{
    private static readonly HostCapacity TwoCores = new(2, 8);

    private static TestPlan Test(string type, double vcpus, double memory, int index = 0) => new()
    {
        Index = index,
        Configuration = new EndpointInputConfiguration { InstanceType = type },
        EndpointName = $"job-{index + 1}",
        Resources = new EndpointResources(vcpus, memory),
    };

    [Fact]
    public void A_type_larger_than_the_host_fails_with_how_to_add_a_local_profile_or_opt_in()
    {
        var tests = HostFit.Apply([Test("ml.c5.xlarge", 4, 8), Test("local.cpu1", 1, 2, 1)], TwoCores, emulate: false);

        var failure = tests[0].PlanningFailure!;
        Assert.Contains("ml.c5.xlarge needs 4 vCPUs and 8 GiB but endpoints get 1 of this host's 2 cores (1 kept for the load generator)", failure, StringComparison.Ordinal);
        Assert.Contains("InstanceTypes", failure, StringComparison.Ordinal);
        Assert.Contains("{\"InstanceType\": \"local.cpu1\", \"VCpus\": 1", failure, StringComparison.Ordinal);
        Assert.Contains(RightSizeTags.EmulateProportional, failure, StringComparison.Ordinal);
        Assert.Null(tests[1].PlanningFailure);
        Assert.Equal(new EndpointResources(1, 2), tests[1].Resources);
    }

    [Fact]
    public void A_type_that_needs_the_generators_core_fails_and_says_so_and_every_way_out()
    {
        var tests = HostFit.Apply([Test("local.cpu2", 2, 4)], TwoCores, emulate: false);

        var failure = tests[0].PlanningFailure!;
        Assert.Contains("1 kept for the load generator", failure, StringComparison.Ordinal);
        Assert.Contains("smaller type", failure, StringComparison.Ordinal);
        Assert.Contains(RightSizeTags.EmulateProportional, failure, StringComparison.Ordinal);
        Assert.Contains("another host", failure, StringComparison.Ordinal);

        // A host with more cores runs it, beside the generator's core.
        Assert.Null(HostFit.Apply([Test("local.cpu2", 2, 4)], new HostCapacity(4, 8), emulate: false)[0].PlanningFailure);
        Assert.NotNull(HostFit.Apply([Test("local.cpu2", 2, 4)], new HostCapacity(4, 8) { GeneratorCores = 3 }, emulate: false)[0].PlanningFailure);
    }

    [Fact]
    public void Memory_beyond_the_host_fails_too()
    {
        var tests = HostFit.Apply([Test("ml.r5.4xlarge", 2, 128)], TwoCores, emulate: false);

        Assert.Contains("128 GiB", tests[0].PlanningFailure, StringComparison.Ordinal);
    }

    [Fact]
    public void Emulation_scales_every_type_by_one_factor_so_the_largest_fits_and_marks_the_results()
    {
        var tests = HostFit.Apply([Test("ml.c5.xlarge", 4, 8), Test("ml.r5.xlarge", 4, 32, 1), Test("local.cpu1", 1, 2, 2)], TwoCores, emulate: true);

        // min(1, 2 cores / 4 vCPUs, 8 GiB / 32 GiB) = 0.25, for every test, so the ratios between types hold.
        Assert.All(tests, t => Assert.Null(t.PlanningFailure));
        Assert.Equal(new EndpointResources(1, 2), tests[0].Resources);
        Assert.Equal(new EndpointResources(1, 8), tests[1].Resources);
        Assert.Equal(new EndpointResources(0.25, 0.5), tests[2].Resources);
        var caveat = Assert.Single(tests[0].Caveats);
        Assert.Equal(CaveatKind.Emulated, caveat.Kind);
        Assert.StartsWith("emulated at factor 0.25: an approximation", caveat.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Emulation_of_types_that_fit_changes_nothing()
    {
        var tests = HostFit.Apply([Test("local.cpu1", 1, 2)], TwoCores, emulate: true);

        Assert.Equal(new EndpointResources(1, 2), tests[0].Resources);
        Assert.Empty(tests[0].Caveats);
    }

    [Fact]
    public void Serverless_memory_gives_cpu_in_proportion_as_lambda_does()
    {
        var r = ServerlessRules.ResourcesFor(1769 * 2);

        Assert.Equal(2, r.VCpus, 9);
        Assert.Equal(1769 * 2 / 1024.0, r.MemoryGiB, 9);
    }

    [Theory]
    [InlineData(RightSizeTags.EmulateProportional, "yes", "not a switch")]
    [InlineData(RightSizeTags.SetupDeadlineSeconds, "0", "range 1-3600")]
    [InlineData(RightSizeTags.ServerlessIdleSeconds, "forever", "range 1-86400")]
    public void The_new_tags_are_validated(string key, string value, string message)
    {
        var errors = JobSamples.Strict(JobSamples.Valid with { Tags = [new Tag { Key = key, Value = value }] });

        Assert.Contains(errors, e => e.Path == "Tags[0].Value" && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_new_tags_are_read()
    {
        var job = JobSamples.Valid with
        {
            Tags =
            [
                new Tag { Key = RightSizeTags.EmulateProportional, Value = "true" },
                new Tag { Key = RightSizeTags.SetupDeadlineSeconds, Value = "30" },
                new Tag { Key = RightSizeTags.ServerlessIdleSeconds, Value = "5" },
            ],
        };

        Assert.Empty(JobSamples.Strict(job));
        Assert.True(RightSizeTags.GetEmulateProportional(job));
        Assert.Equal(TimeSpan.FromSeconds(30), RightSizeTags.GetSetupDeadline(job));
        Assert.Equal(TimeSpan.FromSeconds(5), RightSizeTags.GetServerlessIdle(job));
        Assert.False(RightSizeTags.GetEmulateProportional(JobSamples.Valid));
    }
}
