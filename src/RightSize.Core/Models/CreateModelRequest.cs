using RightSize.Jobs;

namespace RightSize.Models;

/// <summary>SageMaker's CreateModel request: how a workspace (and the API) defines a model.</summary>
public sealed record CreateModelRequest
{
    public string? ModelName { get; init; }
    public ContainerDefinition? PrimaryContainer { get; init; }
    public string? ExecutionRoleArn { get; init; }
    public List<Tag>? Tags { get; init; }
    public VpcConfig? VpcConfig { get; init; }
    public bool? EnableNetworkIsolation { get; init; }
}

public sealed record ContainerDefinition
{
    /// <summary><c>builtin:xgboost</c>, <c>builtin:synthetic</c>, <c>builtin:llm-synthetic</c>, <c>process</c>, or a Docker image.</summary>
    public string? Image { get; init; }
    public string? ModelDataUrl { get; init; }
    public Dictionary<string, string>? Environment { get; init; }
    public string? ModelPackageName { get; init; }
    public string? InferenceSpecificationName { get; init; }
}
