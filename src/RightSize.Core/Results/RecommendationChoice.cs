using RightSize.Jobs;
namespace RightSize.Results;

/// <summary>
/// Which recommendation of a finished job a scaling question is about, and its per-instance peak: one rule for
/// find-peak's job readers and GetScalingConfigurationRecommendation. As SageMaker does, a recommendation is named by
/// RecommendationId or by the EndpointName it was benchmarked on; neither names the top-ranked one (the first). An existing
/// endpoint's benchmark (EndpointPerformances) is chosen by its EndpointName, or by nothing when the job has no
/// recommendation: it answers as a recommendation without RecommendationId, InstanceType or cost, on one instance.
/// </summary>
public static class RecommendationChoice
{
    /// <summary>The recommendation asked for; errors name RecommendationId, EndpointName or InferenceRecommendations.</summary>
    public static Result<InferenceRecommendation> Choose(DescribeInferenceRecommendationsJobResponse job, string? recommendationId, string? endpointName = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        var recommendations = job.InferenceRecommendations ?? [];
        if (recommendationId is null && Performance(job, string.IsNullOrEmpty(endpointName) ? null : endpointName) is { } measured)
        {
            return Result<InferenceRecommendation>.Success(measured);
        }

        if (recommendations.Count == 0)
        {
            return Result<InferenceRecommendation>.Failure(
                "InferenceRecommendations", $"job {job.JobName} is {job.Status.Name()} without recommendations; ask again when it is COMPLETED");
        }

        endpointName = string.IsNullOrEmpty(endpointName) ? null : endpointName;
        var chosen = recommendations.FirstOrDefault(r => (recommendationId is null || r.RecommendationId == recommendationId)
            && (endpointName is null || r.EndpointConfiguration?.EndpointName == endpointName));
        if (chosen is not null)
        {
            return Result<InferenceRecommendation>.Success(chosen);
        }

        var ids = string.Join(", ", recommendations.Select(r => r.RecommendationId).Take(10));
        return recommendationId is null
            ? Result<InferenceRecommendation>.Failure("EndpointName", $"no recommendation of the job was benchmarked on endpoint '{ValidationError.Shorten(endpointName!)}'")
            : Result<InferenceRecommendation>.Failure("RecommendationId", $"the job has no recommendation '{ValidationError.Shorten(recommendationId)}'"
                + (endpointName is null ? string.Empty : $" benchmarked on endpoint '{ValidationError.Shorten(endpointName)}'") + $"; it has {ids}");
    }

    // The existing endpoint's benchmark when it is the one asked for: by its name, or by nothing when the job has no recommendation.
    private static InferenceRecommendation? Performance(DescribeInferenceRecommendationsJobResponse job, string? endpointName)
    {
        var performance = (job.EndpointPerformances ?? []).FirstOrDefault(p => endpointName is null
            ? job.InferenceRecommendations is not { Count: > 0 }
            : p.EndpointInfo.EndpointName == endpointName);
        return performance is null ? null : new InferenceRecommendation
        {
            Metrics = new RecommendationMetrics { MaxInvocations = performance.Metrics.MaxInvocations, ModelLatency = performance.Metrics.ModelLatency },
            EndpointConfiguration = new EndpointOutputConfiguration { EndpointName = performance.EndpointInfo.EndpointName!, VariantName = "AllTraffic" },
            ModelConfiguration = new ModelConfiguration(),
        };
    }

    /// <summary>
    /// One instance's MaxInvocations (invocations per minute): the reported MaxInvocations is per instance x
    /// InitialInstanceCount. Null when the recommendation has none.
    /// </summary>
    public static double? PerInstanceMaxInvocations(InferenceRecommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        var count = Math.Max(1, recommendation.EndpointConfiguration?.InitialInstanceCount ?? 1);
        return recommendation.Metrics?.MaxInvocations is { } max && max > 0 ? max / (double)count : null;
    }
}
