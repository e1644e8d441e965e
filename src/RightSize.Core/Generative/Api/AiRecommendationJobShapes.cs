using RightSize.Jobs;

namespace RightSize.Generative.Api;

// SageMaker's AIRecommendationJob shapes (botocore 1.43.11).

public sealed record CreateAIRecommendationJobRequest
{
    public string? AIRecommendationJobName { get; init; }
    public AIModelSource? ModelSource { get; init; }
    public AIRecommendationOutputConfig? OutputConfig { get; init; }
    public string? AIWorkloadConfigIdentifier { get; init; }
    public AIRecommendationPerformanceTarget? PerformanceTarget { get; init; }
    public string? RoleArn { get; init; }
    public AIRecommendationInferenceSpecification? InferenceSpecification { get; init; }
    public bool? OptimizeModel { get; init; }
    public AIRecommendationComputeSpec? ComputeSpec { get; init; }
    public List<Tag>? Tags { get; init; }
}

/// <summary>A union: only <c>S3</c>.</summary>
public sealed record AIModelSource
{
    public AIModelSourceS3? S3 { get; init; }
}

public sealed record AIModelSourceS3
{
    public string? S3Uri { get; init; }
}

public sealed record AIRecommendationOutputConfig
{
    public string? S3OutputLocation { get; init; }
    public string? ModelPackageGroupIdentifier { get; init; }
}

public sealed record AIRecommendationPerformanceTarget
{
    public List<AIRecommendationConstraint>? Constraints { get; init; }
}

public sealed record AIRecommendationConstraint
{
    /// <summary><c>ttft-ms</c>, <c>throughput</c> or <c>cost</c>.</summary>
    public string? Metric { get; init; }
}

public sealed record AIRecommendationInferenceSpecification
{
    public string? Framework { get; init; }
}

public sealed record AIRecommendationComputeSpec
{
    public List<string>? InstanceTypes { get; init; }
    public AICapacityReservationConfig? CapacityReservationConfig { get; init; }
}

public sealed record AICapacityReservationConfig
{
    public string? CapacityReservationPreference { get; init; }
    public List<string>? MlReservationArns { get; init; }
}

public sealed record CreateAIRecommendationJobResponse
{
    public required string AIRecommendationJobArn { get; init; }
}

public sealed record AIRecommendationJobNameRequest
{
    public string? AIRecommendationJobName { get; init; }
}

public sealed record AIRecommendationJobArnResponse
{
    public string? AIRecommendationJobArn { get; init; }
}

public sealed record DescribeAIRecommendationJobResponse
{
    public required string AIRecommendationJobName { get; init; }
    public required string AIRecommendationJobArn { get; init; }
    public required string AIRecommendationJobStatus { get; init; }
    public string? FailureReason { get; init; }
    public required AIModelSource ModelSource { get; init; }
    public required AIRecommendationOutputConfig OutputConfig { get; init; }
    public AIRecommendationInferenceSpecification? InferenceSpecification { get; init; }
    public required string AIWorkloadConfigIdentifier { get; init; }
    public bool? OptimizeModel { get; init; }
    public AIRecommendationPerformanceTarget? PerformanceTarget { get; init; }
    public List<AIRecommendation>? Recommendations { get; init; }
    public required string RoleArn { get; init; }
    public AIRecommendationComputeSpec? ComputeSpec { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public List<Tag>? Tags { get; init; }
}

public sealed record AIRecommendation
{
    public string? RecommendationDescription { get; init; }
    public List<AIRecommendationOptimizationDetail>? OptimizationDetails { get; init; }
    public AIRecommendationModelDetails? ModelDetails { get; init; }
    public AIRecommendationDeploymentConfiguration? DeploymentConfiguration { get; init; }
    public string? AIBenchmarkJobArn { get; init; }
    public List<AIRecommendationPerformanceMetric>? ExpectedPerformance { get; init; }
}

public sealed record AIRecommendationOptimizationDetail
{
    public required string OptimizationType { get; init; }
    public Dictionary<string, string>? OptimizationConfig { get; init; }
}

public sealed record AIRecommendationModelDetails
{
    public string? ModelPackageArn { get; init; }
    public string? InferenceSpecificationName { get; init; }
    public List<AIRecommendationInstanceDetail>? InstanceDetails { get; init; }
}

public sealed record AIRecommendationInstanceDetail
{
    public string? InstanceType { get; init; }
    public int? InstanceCount { get; init; }
    public int? CopyCountPerInstance { get; init; }
}

public sealed record AIRecommendationDeploymentConfiguration
{
    public List<AIRecommendationDeploymentS3Channel>? S3 { get; init; }
    public string? ImageUri { get; init; }
    public string? InstanceType { get; init; }
    public int? InstanceCount { get; init; }
    public int? CopyCountPerInstance { get; init; }
    public Dictionary<string, string>? EnvironmentVariables { get; init; }
}

public sealed record AIRecommendationDeploymentS3Channel
{
    public string? ChannelName { get; init; }
    public string? Uri { get; init; }
}

public sealed record AIRecommendationPerformanceMetric
{
    public required string Metric { get; init; }
    public string? Stat { get; init; }
    public required string Value { get; init; }
    public string? Unit { get; init; }
}

public sealed record ListAIRecommendationJobsResponse
{
    public required List<AIRecommendationJobSummary> AIRecommendationJobs { get; init; }
    public string? NextToken { get; init; }
}

public sealed record AIRecommendationJobSummary
{
    public required string AIRecommendationJobName { get; init; }
    public required string AIRecommendationJobArn { get; init; }
    public required string AIRecommendationJobStatus { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
}
