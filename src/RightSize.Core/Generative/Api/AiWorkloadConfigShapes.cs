using RightSize.Jobs;

namespace RightSize.Generative.Api;

// SageMaker's AIWorkloadConfig shapes (botocore 1.43.11), member names as the API spells them.

public sealed record CreateAIWorkloadConfigRequest
{
    public string? AIWorkloadConfigName { get; init; }
    public AIDatasetConfig? DatasetConfig { get; init; }
    public AIWorkloadConfigs? AIWorkloadConfigs { get; init; }
    public List<Tag>? Tags { get; init; }
}

/// <summary>A union: only <c>InputDataConfig</c>.</summary>
public sealed record AIDatasetConfig
{
    public List<AIWorkloadInputDataConfig>? InputDataConfig { get; init; }
}

public sealed record AIWorkloadInputDataConfig
{
    public string? ChannelName { get; init; }
    public AIWorkloadDataSource? DataSource { get; init; }
}

public sealed record AIWorkloadDataSource
{
    public AIWorkloadS3DataSource? S3DataSource { get; init; }
}

public sealed record AIWorkloadS3DataSource
{
    public string? S3Uri { get; init; }
}

public sealed record AIWorkloadConfigs
{
    public InlineWorkloadSpec? WorkloadSpec { get; init; }
}

/// <summary>SageMaker's <c>WorkloadSpec</c> union: the inline YAML or JSON document.</summary>
public sealed record InlineWorkloadSpec
{
    public string? Inline { get; init; }
}

public sealed record CreateAIWorkloadConfigResponse
{
    public required string AIWorkloadConfigArn { get; init; }
}

public sealed record DescribeAIWorkloadConfigRequest
{
    public string? AIWorkloadConfigName { get; init; }
}

public sealed record DescribeAIWorkloadConfigResponse
{
    public required string AIWorkloadConfigName { get; init; }
    public required string AIWorkloadConfigArn { get; init; }
    public AIDatasetConfig? DatasetConfig { get; init; }
    public AIWorkloadConfigs? AIWorkloadConfigs { get; init; }
    public List<Tag>? Tags { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
}

public sealed record ListAIWorkloadConfigsRequest
{
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
    public string? NameContains { get; init; }
    public DateTimeOffset? CreationTimeAfter { get; init; }
    public DateTimeOffset? CreationTimeBefore { get; init; }
    public string? SortBy { get; init; }
    public string? SortOrder { get; init; }
}

public sealed record ListAIWorkloadConfigsResponse
{
    public required List<AIWorkloadConfigSummary> AIWorkloadConfigs { get; init; }
    public string? NextToken { get; init; }
}

public sealed record AIWorkloadConfigSummary
{
    public required string AIWorkloadConfigName { get; init; }
    public required string AIWorkloadConfigArn { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
}

public sealed record DeleteAIWorkloadConfigRequest
{
    public string? AIWorkloadConfigName { get; init; }
}

public sealed record DeleteAIWorkloadConfigResponse
{
    public string? AIWorkloadConfigArn { get; init; }
}
