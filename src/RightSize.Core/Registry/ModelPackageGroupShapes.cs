using RightSize.Jobs;

namespace RightSize.Registry;

// SageMaker's model package group shapes (botocore 1.43.11), member names as the API spells them.

public sealed record CreateModelPackageGroupRequest
{
    public string? ModelPackageGroupName { get; init; }
    public string? ModelPackageGroupDescription { get; init; }
    public List<Tag>? Tags { get; init; }
}

public sealed record CreateModelPackageGroupResponse
{
    public required string ModelPackageGroupArn { get; init; }
}

/// <summary>Describe and Delete: the group's name or ARN.</summary>
public sealed record ModelPackageGroupNameRequest
{
    public string? ModelPackageGroupName { get; init; }
}

public sealed record DescribeModelPackageGroupResponse
{
    public required string ModelPackageGroupName { get; init; }
    public required string ModelPackageGroupArn { get; init; }
    public string? ModelPackageGroupDescription { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public required UserContext CreatedBy { get; init; }
    public required string ModelPackageGroupStatus { get; init; }
}

/// <summary>Who made a resource; a server without IAM knows no user, so it is empty (every member is optional).</summary>
public sealed record UserContext;

public sealed record ListModelPackageGroupsRequest
{
    public DateTimeOffset? CreationTimeAfter { get; init; }
    public DateTimeOffset? CreationTimeBefore { get; init; }
    public int? MaxResults { get; init; }
    public string? NameContains { get; init; }
    public string? NextToken { get; init; }
    public string? SortBy { get; init; }
    public string? SortOrder { get; init; }
    public string? CrossAccountFilterOption { get; init; }
}

public sealed record ListModelPackageGroupsResponse
{
    public required List<ModelPackageGroupSummary> ModelPackageGroupSummaryList { get; init; }
    public string? NextToken { get; init; }
}

public sealed record ModelPackageGroupSummary
{
    public required string ModelPackageGroupName { get; init; }
    public required string ModelPackageGroupArn { get; init; }
    public string? ModelPackageGroupDescription { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public required string ModelPackageGroupStatus { get; init; }
}
