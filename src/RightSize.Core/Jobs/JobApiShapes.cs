using System.Text.Json.Serialization;

namespace RightSize.Jobs;

public sealed record CreateInferenceRecommendationsJobResponse
{
    public required string JobArn { get; init; }
}

public sealed record DescribeInferenceRecommendationsJobRequest
{
    public string? JobName { get; init; }
}

public sealed record StopInferenceRecommendationsJobRequest
{
    public string? JobName { get; init; }
}

public sealed record ListInferenceRecommendationsJobStepsRequest
{
    public string? JobName { get; init; }
    public string? Status { get; init; }
    public string? StepType { get; init; }
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
}

public sealed record ListInferenceRecommendationsJobsRequest
{
    public DateTimeOffset? CreationTimeAfter { get; init; }
    public DateTimeOffset? CreationTimeBefore { get; init; }
    public DateTimeOffset? LastModifiedTimeAfter { get; init; }
    public DateTimeOffset? LastModifiedTimeBefore { get; init; }
    public string? NameContains { get; init; }
    public string? StatusEquals { get; init; }
    public string? SortBy { get; init; }
    public string? SortOrder { get; init; }
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
    public string? ModelNameEquals { get; init; }
    public string? ModelPackageVersionArnEquals { get; init; }
}

public sealed record ListInferenceRecommendationsJobsResponse
{
    public required List<InferenceRecommendationsJob> InferenceRecommendationsJobs { get; init; }
    public string? NextToken { get; init; }
}

/// <summary>One job in ListInferenceRecommendationsJobs.</summary>
public sealed record InferenceRecommendationsJob
{
    public required string JobName { get; init; }

    /// <summary>Required by SageMaker even when empty.</summary>
    public required string JobDescription { get; init; }
    public required string JobType { get; init; }
    public required string JobArn { get; init; }
    public required RecommendationStatus Status { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }
    public required string RoleArn { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }
    public string? FailureReason { get; init; }
    public string? ModelName { get; init; }
    public string? SamplePayloadUrl { get; init; }
    public string? ModelPackageVersionArn { get; init; }
}

/// <summary>An AWS JSON 1.1 error body: <c>{"__type": "ValidationException", "message": "..."}</c>.</summary>
public sealed record AwsErrorResponse
{
    [JsonPropertyName("__type")]
    public required string Type { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }
}
