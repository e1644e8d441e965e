using RightSize.Jobs;

namespace RightSize.Registry;

// SageMaker's model package shapes (botocore 1.43.11): the members a registered model's inference carries.

public sealed record CreateModelPackageRequest
{
    public string? ModelPackageName { get; init; }
    public string? ModelPackageGroupName { get; init; }
    public string? ModelPackageDescription { get; init; }
    public string? ModelPackageRegistrationType { get; init; }
    public InferenceSpecification? InferenceSpecification { get; init; }
    public bool? CertifyForMarketplace { get; init; }
    public List<Tag>? Tags { get; init; }
    public string? ModelApprovalStatus { get; init; }

    /// <summary>boto3 and the aws CLI fill it (an idempotency token): a repeated request answers the package it made.</summary>
    public string? ClientToken { get; init; }

    public string? Domain { get; init; }
    public string? Task { get; init; }
    public string? SamplePayloadUrl { get; init; }
    public Dictionary<string, string>? CustomerMetadataProperties { get; init; }
    public string? SkipModelValidation { get; init; }
    public string? SourceUri { get; init; }
}

public sealed record InferenceSpecification
{
    public List<ModelPackageContainerDefinition>? Containers { get; init; }
    public List<string>? SupportedTransformInstanceTypes { get; init; }
    public List<string>? SupportedRealtimeInferenceInstanceTypes { get; init; }
    public List<string>? SupportedContentTypes { get; init; }
    public List<string>? SupportedResponseMIMETypes { get; init; }
}

public sealed record ModelPackageContainerDefinition
{
    public string? ContainerHostname { get; init; }

    /// <summary>As CreateModel's Image: <c>builtin:*</c>, <c>process</c> or a Docker image (the last two only when the operator allows API commands).</summary>
    public string? Image { get; init; }

    public string? ImageDigest { get; init; }
    public string? ModelDataUrl { get; init; }
    public string? ProductId { get; init; }
    public Dictionary<string, string>? Environment { get; init; }
    public string? Framework { get; init; }
    public string? FrameworkVersion { get; init; }
    public string? NearestModelName { get; init; }
    public string? ModelDataETag { get; init; }
    public bool? IsCheckpoint { get; init; }
}

public sealed record CreateModelPackageResponse
{
    public required string ModelPackageArn { get; init; }
}

/// <summary>Describe and Delete: <c>group/version</c> or the version's ARN.</summary>
public sealed record ModelPackageNameRequest
{
    public string? ModelPackageName { get; init; }
}

public sealed record DescribeModelPackageResponse
{
    public required string ModelPackageName { get; init; }
    public string? ModelPackageGroupName { get; init; }
    public int? ModelPackageVersion { get; init; }
    public string? ModelPackageRegistrationType { get; init; }
    public required string ModelPackageArn { get; init; }
    public string? ModelPackageDescription { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public InferenceSpecification? InferenceSpecification { get; init; }
    public required string ModelPackageStatus { get; init; }
    public required ModelPackageStatusDetails ModelPackageStatusDetails { get; init; }
    public bool? CertifyForMarketplace { get; init; }
    public string? ModelApprovalStatus { get; init; }
    public UserContext? CreatedBy { get; init; }
    public DateTimeOffset? LastModifiedTime { get; init; }
    public string? ApprovalDescription { get; init; }
    public string? Domain { get; init; }
    public string? Task { get; init; }
    public string? SamplePayloadUrl { get; init; }
    public Dictionary<string, string>? CustomerMetadataProperties { get; init; }
    public string? SkipModelValidation { get; init; }
    public string? SourceUri { get; init; }
}

/// <summary>Registration validates nothing asynchronously, so the lists are empty and the status is Completed at once.</summary>
public sealed record ModelPackageStatusDetails
{
    public required List<ModelPackageStatusItem> ValidationStatuses { get; init; }
}

public sealed record ModelPackageStatusItem
{
    public required string Name { get; init; }
    public required string Status { get; init; }
}

public sealed record ListModelPackagesRequest
{
    public DateTimeOffset? CreationTimeAfter { get; init; }
    public DateTimeOffset? CreationTimeBefore { get; init; }
    public int? MaxResults { get; init; }
    public string? NameContains { get; init; }
    public string? ModelApprovalStatus { get; init; }
    public string? ModelPackageGroupName { get; init; }
    public string? ModelPackageType { get; init; }
    public string? NextToken { get; init; }
    public string? SortBy { get; init; }
    public string? SortOrder { get; init; }
}

public sealed record ListModelPackagesResponse
{
    public required List<ModelPackageSummary> ModelPackageSummaryList { get; init; }
    public string? NextToken { get; init; }
}

public sealed record ModelPackageSummary
{
    public string? ModelPackageName { get; init; }
    public string? ModelPackageGroupName { get; init; }
    public int? ModelPackageVersion { get; init; }
    public required string ModelPackageArn { get; init; }
    public string? ModelPackageDescription { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public required string ModelPackageStatus { get; init; }
    public string? ModelApprovalStatus { get; init; }
    public string? ModelPackageRegistrationType { get; init; }
}

public sealed record UpdateModelPackageRequest
{
    public string? ModelPackageArn { get; init; }
    public string? ModelApprovalStatus { get; init; }
    public string? ApprovalDescription { get; init; }
    public Dictionary<string, string>? CustomerMetadataProperties { get; init; }
    public List<string>? CustomerMetadataPropertiesToRemove { get; init; }
    public string? ClientToken { get; init; }
}

public sealed record UpdateModelPackageResponse
{
    public required string ModelPackageArn { get; init; }
}
