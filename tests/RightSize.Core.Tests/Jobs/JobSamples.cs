using RightSize.Jobs;

namespace RightSize.Tests.Jobs;

/// <summary>A job that validates cleanly in strict mode, and helpers to break one field of it.</summary>
internal static class JobSamples
{
    public static CreateInferenceRecommendationsJobRequest Valid { get; } = new()
    {
        JobName = "load-test-1",
        JobType = "Advanced",
        RoleArn = "arn:aws:iam::123456789012:role/RightSize",
        InputConfig = new()
        {
            ModelName = "xgb-model",
            JobDurationInSeconds = 7200,
            TrafficPattern = new()
            {
                TrafficType = "PHASES",
                Phases =
                [
                    new() { InitialNumberOfUsers = 1, SpawnRate = 1, DurationInSeconds = 120 },
                    new() { InitialNumberOfUsers = 1, SpawnRate = 1, DurationInSeconds = 120 },
                ],
            },
            ResourceLimit = new() { MaxNumberOfTests = 10, MaxParallelOfTests = 3 },
            EndpointConfigurations = [new() { InstanceType = "ml.c5.xlarge" }, new() { InstanceType = "ml.m5.xlarge" }],
        },
        StoppingConditions = new()
        {
            MaxInvocations = 1000,
            ModelLatencyThresholds = [new() { Percentile = "P95", ValueInMilliseconds = 100 }],
            FlatInvocations = "Stop",
        },
    };

    public static CreateInferenceRecommendationsJobRequest WithInput(Func<RecommendationJobInputConfig, RecommendationJobInputConfig> change) =>
        Valid with { InputConfig = change(Valid.InputConfig!) };

    public static CreateInferenceRecommendationsJobRequest WithTraffic(TrafficPattern traffic) =>
        WithInput(i => i with { TrafficPattern = traffic });

    public static CreateInferenceRecommendationsJobRequest WithPhases(params Phase[] phases) =>
        WithTraffic(new() { TrafficType = "PHASES", Phases = [.. phases] });

    public static CreateInferenceRecommendationsJobRequest WithStairs(Stairs stairs) =>
        WithTraffic(new() { TrafficType = "STAIRS", Stairs = stairs });

    public static CreateInferenceRecommendationsJobRequest WithEndpointConfiguration(EndpointInputConfiguration configuration) =>
        WithInput(i => i with { EndpointConfigurations = [configuration] });

    public static CreateInferenceRecommendationsJobRequest WithStopping(Func<RecommendationJobStoppingConditions, RecommendationJobStoppingConditions> change) =>
        Valid with { StoppingConditions = change(Valid.StoppingConditions!) };

    public static Phase Phase(int users, int rate, int duration) =>
        new() { InitialNumberOfUsers = users, SpawnRate = rate, DurationInSeconds = duration };

    public static IReadOnlyList<ValidationError> Strict(CreateInferenceRecommendationsJobRequest request) =>
        JobValidator.Validate(request, JobValidationOptions.Strict);

    public static IReadOnlyList<ValidationError> Relaxed(CreateInferenceRecommendationsJobRequest request) =>
        JobValidator.Validate(request, new JobValidationOptions { Relaxed = true });

    /// <summary>Asserts exactly one error, at <paramref name="path"/>, whose message contains <paramref name="fragment"/>.</summary>
    public static void AssertSingleError(IReadOnlyList<ValidationError> errors, string path, string fragment)
    {
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }
}
