using RightSize.Jobs;

namespace RightSize.Models;

/// <summary>SageMaker's VpcConfig of CreateModel: stored and checked by shape only (no VPC locally).</summary>
public sealed record VpcConfig
{
    public List<string>? SecurityGroupIds { get; init; }
    public List<string>? Subnets { get; init; }
}

public sealed record CreateModelResponse
{
    public required string ModelArn { get; init; }
}

public sealed record DescribeModelRequest
{
    public string? ModelName { get; init; }
}

public sealed record DescribeModelResponse
{
    public required string ModelName { get; init; }
    public ContainerDefinition? PrimaryContainer { get; init; }
    public string? ExecutionRoleArn { get; init; }
    public VpcConfig? VpcConfig { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public required string ModelArn { get; init; }
    public bool? EnableNetworkIsolation { get; init; }
}

public sealed record ListModelsRequest
{
    public string? SortBy { get; init; }
    public string? SortOrder { get; init; }
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
    public string? NameContains { get; init; }
    public DateTimeOffset? CreationTimeBefore { get; init; }
    public DateTimeOffset? CreationTimeAfter { get; init; }
}

public sealed record ListModelsResponse
{
    public required List<ModelSummary> Models { get; init; }
    public string? NextToken { get; init; }
}

public sealed record ModelSummary
{
    public required string ModelName { get; init; }
    public required string ModelArn { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
}

public sealed record DeleteModelRequest
{
    public string? ModelName { get; init; }
}
