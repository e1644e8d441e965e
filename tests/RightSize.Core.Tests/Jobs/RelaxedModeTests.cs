using RightSize.Jobs;
using static RightSize.Tests.Jobs.JobSamples;

namespace RightSize.Tests.Jobs;

public sealed class RelaxedModeTests
{
    public static TheoryData<string, Func<CreateInferenceRecommendationsJobRequest>> Relaxable => new()
    {
        { "short phases", () => WithPhases(Phase(1, 1, 1), Phase(1, 0, 5)) },
        { "many users", () => WithPhases(Phase(10_000, 10_000, 60), Phase(10_000, 0, 60)) },
        { "big chaining jump", () => WithPhases(Phase(1, 0, 120), Phase(10_001 - 1, 0, 120)) },
        { "short stairs with many users", () => WithStairs(new() { DurationInSeconds = 10, NumberOfSteps = 10, UsersPerStep = 10_000 }) },
        { "P50", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { Percentile = "P50", ValueInMilliseconds = 5 }] }) },
        { "P90", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { Percentile = "P90", ValueInMilliseconds = 5 }] }) },
        { "P999", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { Percentile = "P999", ValueInMilliseconds = 5 }] }) },
        { "huge target", () => WithStopping(s => s with { MaxInvocations = 10_000_000 }) },
    };

    public static TheoryData<string, Func<CreateInferenceRecommendationsJobRequest>, string> StillStrict => new()
    {
        { "phase over an hour", () => WithPhases(Phase(1, 0, 3601)), "InputConfig.TrafficPattern.Phases[0].DurationInSeconds" },
        { "users over 10000", () => WithPhases(Phase(10_001, 0, 60)), "InputConfig.TrafficPattern.Phases[0].InitialNumberOfUsers" },
        { "jump over 10000", () => WithPhases(Phase(1, 0, 60), Phase(10_002, 0, 60)), "InputConfig.TrafficPattern.Phases[1].InitialNumberOfUsers" },
        { "target over ten million", () => WithStopping(s => s with { MaxInvocations = 10_000_001 }), "StoppingConditions.MaxInvocations" },
        { "tests limit", () => WithInput(i => i with { ResourceLimit = new() { MaxNumberOfTests = 11 } }), "InputConfig.ResourceLimit.MaxNumberOfTests" },
        { "job duration", () => WithInput(i => i with { JobDurationInSeconds = 18_001 }), "InputConfig.JobDurationInSeconds" },
        { "serverless memory", () => WithEndpointConfiguration(new() { ServerlessConfig = new() { MemorySizeInMB = 512, MaxConcurrency = 1 } }), "InputConfig.EndpointConfigurations[0].ServerlessConfig.MemorySizeInMB" },
        { "thresholds count", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { Percentile = "P95", ValueInMilliseconds = 1 }, new() { Percentile = "P99", ValueInMilliseconds = 1 }] }), "StoppingConditions.ModelLatencyThresholds" },
        { "unknown percentile", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { Percentile = "P75", ValueInMilliseconds = 1 }] }), "StoppingConditions.ModelLatencyThresholds[0].Percentile" },
        { "job name", () => Valid with { JobName = "bad name" }, "JobName" },
        { "phases longer than job", () => WithInput(i => i with { JobDurationInSeconds = 100, TrafficPattern = new() { TrafficType = "PHASES", Phases = [Phase(1, 0, 60), Phase(1, 0, 60)] } }), "InputConfig.TrafficPattern.Phases" },
    };

    [Theory]
    [MemberData(nameof(Relaxable))]
    public void Relaxed_mode_accepts_short_durations_more_users_and_extra_percentiles(string rule, Func<CreateInferenceRecommendationsJobRequest> request)
    {
        Assert.NotEmpty(rule);
        Assert.NotEmpty(Strict(request()));
        Assert.Empty(Relaxed(request()));
    }

    [Theory]
    [MemberData(nameof(StillStrict))]
    public void Relaxed_mode_keeps_every_other_rule(string rule, Func<CreateInferenceRecommendationsJobRequest> request, string path)
    {
        Assert.NotEmpty(rule);
        Assert.Equal(path, Assert.Single(Relaxed(request())).Path);
    }

    [Fact]
    public void Relaxed_messages_do_not_point_at_relaxed_mode()
    {
        var error = Assert.Single(Relaxed(WithPhases(Phase(1, 0, 3601))));

        Assert.Equal("InputConfig.TrafficPattern.Phases[0].DurationInSeconds: 3601 is out of range 1-3600", error.ToString());
    }
}
