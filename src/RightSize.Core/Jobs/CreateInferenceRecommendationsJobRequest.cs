namespace RightSize.Jobs;

/// <summary>SageMaker's CreateInferenceRecommendationsJob request, member for member (JSON names are SageMaker's).</summary>
public sealed record CreateInferenceRecommendationsJobRequest
{
    public string? JobName { get; init; }
    public string? JobType { get; init; }
    public string? RoleArn { get; init; }
    public RecommendationJobInputConfig? InputConfig { get; init; }
    public string? JobDescription { get; init; }
    public RecommendationJobStoppingConditions? StoppingConditions { get; init; }
    public RecommendationJobOutputConfig? OutputConfig { get; init; }
    public List<Tag>? Tags { get; init; }
}

public sealed record RecommendationJobInputConfig
{
    public string? ModelPackageVersionArn { get; init; }
    public string? ModelName { get; init; }
    public int? JobDurationInSeconds { get; init; }
    public TrafficPattern? TrafficPattern { get; init; }
    public RecommendationJobResourceLimit? ResourceLimit { get; init; }
    public List<EndpointInputConfiguration>? EndpointConfigurations { get; init; }
    public string? VolumeKmsKeyId { get; init; }
    public RecommendationJobContainerConfig? ContainerConfig { get; init; }
    public List<EndpointInfo>? Endpoints { get; init; }
    public RecommendationJobVpcConfig? VpcConfig { get; init; }
}

public sealed record TrafficPattern
{
    public string? TrafficType { get; init; }
    public List<Phase>? Phases { get; init; }
    public Stairs? Stairs { get; init; }
}

public sealed record Phase
{
    public int? InitialNumberOfUsers { get; init; }
    public int? SpawnRate { get; init; }
    public int? DurationInSeconds { get; init; }
}

public sealed record Stairs
{
    public int? DurationInSeconds { get; init; }
    public int? NumberOfSteps { get; init; }
    public int? UsersPerStep { get; init; }
}

public sealed record RecommendationJobResourceLimit
{
    public int? MaxNumberOfTests { get; init; }
    public int? MaxParallelOfTests { get; init; }
}

public sealed record EndpointInputConfiguration
{
    public string? InstanceType { get; init; }
    public ProductionVariantServerlessConfig? ServerlessConfig { get; init; }
    public string? InferenceSpecificationName { get; init; }
    public EnvironmentParameterRanges? EnvironmentParameterRanges { get; init; }
}

public sealed record ProductionVariantServerlessConfig
{
    public int? MemorySizeInMB { get; init; }
    public int? MaxConcurrency { get; init; }
    public int? ProvisionedConcurrency { get; init; }
}

public sealed record EnvironmentParameterRanges
{
    public List<CategoricalParameter>? CategoricalParameterRanges { get; init; }
}

public sealed record CategoricalParameter
{
    public string? Name { get; init; }
    public List<string>? Value { get; init; }
}

public sealed record RecommendationJobContainerConfig
{
    public string? Domain { get; init; }
    public string? Task { get; init; }
    public string? Framework { get; init; }
    public string? FrameworkVersion { get; init; }
    public RecommendationJobPayloadConfig? PayloadConfig { get; init; }
    public string? NearestModelName { get; init; }
    public List<string>? SupportedInstanceTypes { get; init; }
    public string? SupportedEndpointType { get; init; }
    public string? DataInputConfig { get; init; }
    public List<string>? SupportedResponseMIMETypes { get; init; }
}

public sealed record RecommendationJobPayloadConfig
{
    public string? SamplePayloadUrl { get; init; }
    public List<string>? SupportedContentTypes { get; init; }
}

public sealed record EndpointInfo
{
    public string? EndpointName { get; init; }
}

public sealed record RecommendationJobVpcConfig
{
    public List<string>? SecurityGroupIds { get; init; }
    public List<string>? Subnets { get; init; }
}

public sealed record RecommendationJobStoppingConditions
{
    public int? MaxInvocations { get; init; }
    public List<ModelLatencyThreshold>? ModelLatencyThresholds { get; init; }
    public string? FlatInvocations { get; init; }
}

public sealed record ModelLatencyThreshold
{
    public string? Percentile { get; init; }
    public int? ValueInMilliseconds { get; init; }
}

public sealed record RecommendationJobOutputConfig
{
    public string? KmsKeyId { get; init; }
    public RecommendationJobCompiledOutputConfig? CompiledOutputConfig { get; init; }
}

public sealed record RecommendationJobCompiledOutputConfig
{
    public string? S3OutputUri { get; init; }
}

public sealed record Tag
{
    public string? Key { get; init; }
    public string? Value { get; init; }
}
