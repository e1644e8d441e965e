using RightSize.Jobs;
using RightSize.Models;

namespace RightSize.Generative.Api;

// SageMaker's AIBenchmarkJob shapes (botocore 1.43.11).

public sealed record CreateAIBenchmarkJobRequest
{
    public string? AIBenchmarkJobName { get; init; }
    public AIBenchmarkTarget? BenchmarkTarget { get; init; }
    public AIBenchmarkOutputConfig? OutputConfig { get; init; }
    public string? AIWorkloadConfigIdentifier { get; init; }
    public string? RoleArn { get; init; }
    public AIBenchmarkNetworkConfig? NetworkConfig { get; init; }
    public List<Tag>? Tags { get; init; }
}

/// <summary>A union: only <c>Endpoint</c>.</summary>
public sealed record AIBenchmarkTarget
{
    public AIBenchmarkEndpoint? Endpoint { get; init; }
}

public sealed record AIBenchmarkEndpoint
{
    public string? Identifier { get; init; }
    public string? TargetContainerHostname { get; init; }
    public List<AIBenchmarkInferenceComponent>? InferenceComponents { get; init; }
}

public sealed record AIBenchmarkInferenceComponent
{
    public string? Identifier { get; init; }
}

public sealed record AIBenchmarkOutputConfig
{
    public string? S3OutputLocation { get; init; }
}

public sealed record AIBenchmarkNetworkConfig
{
    public VpcConfig? VpcConfig { get; init; }
}

public sealed record CreateAIBenchmarkJobResponse
{
    public required string AIBenchmarkJobArn { get; init; }
}

public sealed record AIBenchmarkJobNameRequest
{
    public string? AIBenchmarkJobName { get; init; }
}

public sealed record AIBenchmarkJobArnResponse
{
    public string? AIBenchmarkJobArn { get; init; }
}

public sealed record DescribeAIBenchmarkJobResponse
{
    public required string AIBenchmarkJobName { get; init; }
    public required string AIBenchmarkJobArn { get; init; }
    public required string AIBenchmarkJobStatus { get; init; }
    public string? FailureReason { get; init; }
    public required AIBenchmarkTarget BenchmarkTarget { get; init; }
    public required AIBenchmarkOutputResult OutputConfig { get; init; }
    public required string AIWorkloadConfigIdentifier { get; init; }
    public required string RoleArn { get; init; }
    public AIBenchmarkNetworkConfig? NetworkConfig { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public List<Tag>? Tags { get; init; }
}

public sealed record AIBenchmarkOutputResult
{
    public required string S3OutputLocation { get; init; }
    public List<AICloudWatchLogs>? CloudWatchLogs { get; init; }
}

public sealed record AICloudWatchLogs
{
    public string? LogGroupArn { get; init; }
    public string? LogStreamName { get; init; }
}

/// <summary>ListAIBenchmarkJobs' and ListAIRecommendationJobs' request: the same members.</summary>
public sealed record ListAIJobsRequest
{
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
    public string? NameContains { get; init; }
    public string? StatusEquals { get; init; }
    public DateTimeOffset? CreationTimeAfter { get; init; }
    public DateTimeOffset? CreationTimeBefore { get; init; }
    public string? SortBy { get; init; }
    public string? SortOrder { get; init; }
}

public sealed record ListAIBenchmarkJobsResponse
{
    public required List<AIBenchmarkJobSummary> AIBenchmarkJobs { get; init; }
    public string? NextToken { get; init; }
}

public sealed record AIBenchmarkJobSummary
{
    public required string AIBenchmarkJobName { get; init; }
    public required string AIBenchmarkJobArn { get; init; }
    public required string AIBenchmarkJobStatus { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public string? AIWorkloadConfigName { get; init; }
}
