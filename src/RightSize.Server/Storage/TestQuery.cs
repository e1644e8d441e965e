using RightSize.Jobs;

namespace RightSize.Server.Storage;

/// <summary>Which of a job's tests a ListInferenceRecommendationsJobSteps page asks for, filtered and paged by the database, by index.</summary>
public sealed record TestQuery(string JobName)
{
    public RecommendationStatus? Status { get; init; }

    public int Offset { get; init; }

    /// <summary>At most this many rows; null for all.</summary>
    public int? Limit { get; init; }
}
