using RightSize.Jobs;

namespace RightSize.Server.Storage;

/// <summary>
/// Which jobs a list asks for, filtered, ordered and paged by the database (ListInferenceRecommendationsJobs's filters).
/// Times are exclusive bounds; <see cref="NameContains"/> ignores case.
/// </summary>
public sealed record JobQuery
{
    public string? NameContains { get; init; }
    public RecommendationStatus? Status { get; init; }
    public string? ModelName { get; init; }
    public string? ModelPackageVersionArn { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
    public DateTimeOffset? ModifiedAfter { get; init; }
    public DateTimeOffset? ModifiedBefore { get; init; }

    public JobOrder OrderBy { get; init; } = JobOrder.CreationTime;

    /// <summary>SageMaker's default order is descending; ties go by name, ascending.</summary>
    public bool Ascending { get; init; }

    public int Offset { get; init; }

    /// <summary>At most this many rows; null for all.</summary>
    public int? Limit { get; init; }
}

public enum JobOrder
{
    CreationTime,
    Name,
    Status,
}
