namespace RightSize.Server.Storage;

/// <summary>Where the AI API family's resources outlive the server (the same database as the jobs).</summary>
public interface IAiResourceStore
{
    /// <summary>False when a resource of that kind and name exists.</summary>
    Task<bool> AddAiResourceAsync(StoredAiResource resource, CancellationToken cancellationToken);

    /// <summary>Replaces the status, times, failure reason and result.</summary>
    Task UpdateAiResourceAsync(StoredAiResource resource, CancellationToken cancellationToken);

    Task<StoredAiResource?> GetAiResourceAsync(AiResourceKind kind, string name, CancellationToken cancellationToken);

    /// <summary>The resources the query selects, in its order, filtered and paged by the database.</summary>
    Task<IReadOnlyList<StoredAiResource>> ListAiResourcesAsync(AiResourceQuery query, CancellationToken cancellationToken);

    /// <summary>False when none of that kind and name exists.</summary>
    Task<bool> DeleteAiResourceAsync(AiResourceKind kind, string name, CancellationToken cancellationToken);
}

public enum AiResourceKind
{
    WorkloadConfig,
    BenchmarkJob,
    RecommendationJob,
}

/// <summary>
/// One workload config or AI job: the create request as sent, the status (jobs only), and for jobs the result
/// (a recommendation job's Recommendations as JSON).
/// </summary>
public sealed record StoredAiResource(
    AiResourceKind Kind,
    string Name,
    string Arn,
    string? Status,
    DateTimeOffset CreationTime,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    string? FailureReason,
    string? WorkloadConfigName,
    string RequestJson,
    string? ResultJson);

/// <summary>A List operation's filters, order and page; times are exclusive bounds, NameContains ignores case.</summary>
public sealed record AiResourceQuery
{
    public required AiResourceKind Kind { get; init; }
    public string? NameContains { get; init; }
    public string? StatusEquals { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary><c>Name</c>, <c>Status</c> or <c>CreationTime</c> (the default); ties go by name.</summary>
    public string SortBy { get; init; } = "CreationTime";

    public bool Ascending { get; init; }
    public int Offset { get; init; }
    public required int Limit { get; init; }
}
