using System.Text.Json.Serialization;
using RightSize.Jobs;

namespace RightSize.Results;

/// <summary>SageMaker's DescribeInferenceRecommendationsJob response (timestamps serialize as epoch seconds).</summary>
public sealed record DescribeInferenceRecommendationsJobResponse
{
    public required string JobName { get; init; }
    public string? JobDescription { get; init; }
    public required string JobType { get; init; }
    public required string JobArn { get; init; }
    public required string RoleArn { get; init; }
    public required RecommendationStatus Status { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }
    public string? FailureReason { get; init; }
    public required RecommendationJobInputConfig InputConfig { get; init; }
    public RecommendationJobStoppingConditions? StoppingConditions { get; init; }
    public List<InferenceRecommendation>? InferenceRecommendations { get; init; }
    public List<EndpointPerformance>? EndpointPerformances { get; init; }
}

public sealed record InferenceRecommendation
{
    public string? RecommendationId { get; init; }
    public RecommendationMetrics? Metrics { get; init; }
    public required EndpointOutputConfiguration EndpointConfiguration { get; init; }
    public required ModelConfiguration ModelConfiguration { get; init; }
    public DateTimeOffset? InvocationEndTime { get; init; }
    public DateTimeOffset? InvocationStartTime { get; init; }
}

public sealed record RecommendationMetrics
{
    /// <summary>NaN (JSON "NaN", as AWS writes a non-finite float) when the instance type has no known price.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? CostPerHour { get; init; }
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? CostPerInference { get; init; }
    public long? MaxInvocations { get; init; }
    /// <summary>Microseconds.</summary>
    public long? ModelLatency { get; init; }
    /// <summary>Percent summed over cores; omitted where not measurable.</summary>
    public double? CpuUtilization { get; init; }
    public double? MemoryUtilization { get; init; }
    /// <summary>Microseconds.</summary>
    public long? ModelSetupTime { get; init; }
}

public sealed record EndpointOutputConfiguration
{
    public required string EndpointName { get; init; }
    public required string VariantName { get; init; }
    public string? InstanceType { get; init; }
    public int? InitialInstanceCount { get; init; }
    public ProductionVariantServerlessConfig? ServerlessConfig { get; init; }
}

public sealed record ModelConfiguration
{
    public string? InferenceSpecificationName { get; init; }
    public List<EnvironmentParameter>? EnvironmentParameters { get; init; }
    public string? CompilationJobName { get; init; }
}

public sealed record EnvironmentParameter
{
    public required string Key { get; init; }
    public required string ValueType { get; init; }
    public required string Value { get; init; }
}

public sealed record EndpointPerformance
{
    public required InferenceMetrics Metrics { get; init; }
    public required EndpointInfo EndpointInfo { get; init; }
}

public sealed record InferenceMetrics
{
    public required long MaxInvocations { get; init; }
    public required long ModelLatency { get; init; }
}

public sealed record ListInferenceRecommendationsJobStepsResponse
{
    public List<InferenceRecommendationsJobStep>? Steps { get; init; }
    public string? NextToken { get; init; }
}

public sealed record InferenceRecommendationsJobStep
{
    public string StepType { get; init; } = "BENCHMARK";
    public required string JobName { get; init; }
    public required RecommendationStatus Status { get; init; }
    public RecommendationJobInferenceBenchmark? InferenceBenchmark { get; init; }
}

public sealed record RecommendationJobInferenceBenchmark
{
    public RecommendationMetrics? Metrics { get; init; }
    public InferenceMetrics? EndpointMetrics { get; init; }
    public EndpointOutputConfiguration? EndpointConfiguration { get; init; }
    public required ModelConfiguration ModelConfiguration { get; init; }
    public string? FailureReason { get; init; }
    public DateTimeOffset? InvocationEndTime { get; init; }
    public DateTimeOffset? InvocationStartTime { get; init; }
}
