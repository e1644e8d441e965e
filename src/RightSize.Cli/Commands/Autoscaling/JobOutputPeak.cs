using RightSize.Jobs;
using RightSize.Results;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>
/// MAX_RPS from a finished <c>rightsize run</c>: a recommendation's per-instance MaxInvocations (its peak window's
/// rate per minute, PRODUCT.md §5) divided by 60. Reported MaxInvocations is per-instance x InitialInstanceCount.
/// </summary>
internal static class JobOutputPeak
{
    public sealed record Peak(double MaxRps, string RecommendationId, string EndpointName, string? InstanceType);

    public static async Task<Result<Peak>> ReadAsync(string directory, string? recommendationId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "describe.json");
        if (!File.Exists(path))
        {
            return Result<Peak>.Failure("--job-output", $"{path} does not exist (a `rightsize run` output folder holds describe.json)");
        }

        var describe = SageMakerJson.Parse(
            await File.ReadAllTextAsync(path, cancellationToken), SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse);
        if (!describe.Succeeded)
        {
            return Result<Peak>.Failure([.. describe.Errors.Select(e => e with { Path = $"--job-output: {path}: {e.Path}" })]);
        }

        var recommendations = describe.Value.InferenceRecommendations ?? [];
        var chosen = recommendationId is null
            ? recommendations.FirstOrDefault()
            : recommendations.FirstOrDefault(r => r.RecommendationId == recommendationId);
        if (chosen is null)
        {
            return recommendationId is null
                ? Result<Peak>.Failure("--job-output", $"job {describe.Value.JobName} has no recommendations (status {describe.Value.Status})")
                : Result<Peak>.Failure("--recommendation-id", $"'{recommendationId}' is not one of {string.Join(", ", recommendations.Select(r => r.RecommendationId))}");
        }

        var count = Math.Max(1, chosen.EndpointConfiguration.InitialInstanceCount ?? 1);
        if (chosen.Metrics?.MaxInvocations is not { } max || max <= 0)
        {
            return Result<Peak>.Failure("--job-output", $"recommendation {chosen.RecommendationId} has no MaxInvocations");
        }

        var endpoint = chosen.EndpointConfiguration;
        return Result<Peak>.Success(new Peak(max / (double)count / 60, chosen.RecommendationId ?? string.Empty, endpoint.EndpointName, endpoint.InstanceType));
    }
}
