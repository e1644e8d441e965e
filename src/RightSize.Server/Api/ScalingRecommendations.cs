using RightSize.Autoscaling;
using RightSize.Jobs;
using RightSize.Orchestration;

namespace RightSize.Server.Api;

/// <summary>
/// GetScalingConfigurationRecommendation for a finished job: target tracking on SageMakerVariantInvocationsPerInstance
/// at the recommendation's per-instance MaxInvocations x <see cref="SafetyFactor"/>, and capacities from the
/// ScalingPolicyObjective (docs/server.md). The autoscaling issue refines the numbers.
/// </summary>
internal static class ScalingRecommendations
{
    public const double SafetyFactor = 0.5;
    public const int CooldownSeconds = 300;

    public static async Task<ApiResponse> GetAsync(ServerState state, GetScalingConfigurationRecommendationRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>(NameRules.ValidateJobName(request.InferenceRecommendationsJobName, "InferenceRecommendationsJobName"));
        if (request.TargetCpuUtilizationPerCore is < 1 or > 100)
        {
            errors.Add(new("TargetCpuUtilizationPerCore", $"{request.TargetCpuUtilizationPerCore} is out of range 1-100"));
        }

        if (request.ScalingPolicyObjective is { MinInvocationsPerMinute: { } min, MaxInvocationsPerMinute: { } max } && (min < 0 || max < min))
        {
            errors.Add(new("ScalingPolicyObjective", "MinInvocationsPerMinute must be at least 0 and at most MaxInvocationsPerMinute"));
        }

        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var name = request.InferenceRecommendationsJobName!;
        var job = await JobReads.DescribeAsync(state, name, cancellationToken);
        if (job is null)
        {
            return JobOperations.NotFound(name);
        }

        if (job.Status != RecommendationStatus.Completed || job.InferenceRecommendations is not { Count: > 0 } recommendations)
        {
            return ApiResponse.Validation("InferenceRecommendationsJobName", $"the job is {job.Status} without recommendations; ask again when it is COMPLETED");
        }

        var chosen = request.RecommendationId is null ? recommendations[0] : recommendations.FirstOrDefault(r => r.RecommendationId == request.RecommendationId);
        if (chosen is null)
        {
            return ApiResponse.Validation("RecommendationId", $"the job has no recommendation '{ListFilters.Shorten(request.RecommendationId!)}'");
        }

        var count = Math.Max(1, chosen.EndpointConfiguration?.InitialInstanceCount ?? 1);
        var perInstance = (chosen.Metrics?.MaxInvocations ?? 0) / count;
        // The seed's rule, shared with find-peak: MAX_RPS x safety factor x 60, with MAX_RPS = per-instance rate / 60.
        var target = Math.Max(1, (int)Math.Floor(ScalingPolicyBuilder.TargetValue(perInstance / 60.0, SafetyFactor)));
        var objective = request.ScalingPolicyObjective;
        return ApiResponse.Ok(new GetScalingConfigurationRecommendationResponse
        {
            InferenceRecommendationsJobName = name,
            RecommendationId = chosen.RecommendationId,
            EndpointName = request.EndpointName,
            TargetCpuUtilizationPerCore = request.TargetCpuUtilizationPerCore,
            ScalingPolicyObjective = objective,
            Metric = new ScalingPolicyMetric { InvocationsPerInstance = target, ModelLatency = (int?)chosen.Metrics?.ModelLatency },
            DynamicScalingConfiguration = new DynamicScalingConfiguration
            {
                MinCapacity = Capacity(objective?.MinInvocationsPerMinute, target, 1),
                MaxCapacity = Capacity(objective?.MaxInvocationsPerMinute, target, count),
                ScaleInCooldown = CooldownSeconds,
                ScaleOutCooldown = CooldownSeconds,
                ScalingPolicies =
                [
                    new ScalingPolicy
                    {
                        TargetTracking = new TargetTrackingScalingPolicyConfiguration
                        {
                            MetricSpecification = new MetricSpecification { Predefined = new PredefinedMetricSpecification { PredefinedMetricType = ScalingPolicyBuilder.MetricType } },
                            TargetValue = target,
                        },
                    },
                ],
            },
        }, SageMakerJsonContext.Default.GetScalingConfigurationRecommendationResponse);
    }

    // Instances needed for a rate at the target per instance; without an objective, the fallback.
    private static int Capacity(int? invocationsPerMinute, int target, int fallback) =>
        invocationsPerMinute is { } rate ? Math.Max(1, (int)Math.Ceiling((double)rate / target)) : fallback;
}
