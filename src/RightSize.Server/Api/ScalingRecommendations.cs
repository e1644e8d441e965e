using RightSize.Autoscaling;
using RightSize.Jobs;
using RightSize.Orchestration;

namespace RightSize.Server.Api;

/// <summary>
/// GetScalingConfigurationRecommendation for a finished job, on find-peak's rules (docs/autoscaling.md §2): target
/// tracking on SageMakerVariantInvocationsPerInstance at the recommendation's per-instance MaxInvocations x the safety
/// factor that TargetCpuUtilizationPerCore stands for, capacity from the ScalingPolicyObjective, 300 s cooldowns.
/// </summary>
internal static class ScalingRecommendations
{
    public static async Task<ApiResponse> GetAsync(ServerState state, GetScalingConfigurationRecommendationRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>(NameRules.ValidateJobName(request.InferenceRecommendationsJobName, "InferenceRecommendationsJobName"));
        if (request.TargetCpuUtilizationPerCore is < 1 or > 100)
        {
            errors.Add(new("TargetCpuUtilizationPerCore", $"{request.TargetCpuUtilizationPerCore} is out of range 1-100 (percent per core; default 50)"));
        }

        if (request.ScalingPolicyObjective?.MinInvocationsPerMinute is < 0)
        {
            errors.Add(new("ScalingPolicyObjective.MinInvocationsPerMinute", $"{request.ScalingPolicyObjective.MinInvocationsPerMinute} must be 0 or more invocations per minute"));
        }

        if (request.ScalingPolicyObjective is { MaxInvocationsPerMinute: { } max } asked && (max < 1 || max < asked.MinInvocationsPerMinute))
        {
            errors.Add(new("ScalingPolicyObjective.MaxInvocationsPerMinute", $"{max} must be at least 1 and at least MinInvocationsPerMinute"));
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

        // SageMaker names the recommendation by RecommendationId or by the EndpointName it was benchmarked on; neither: the top-ranked one.
        var endpointName = string.IsNullOrEmpty(request.EndpointName) ? null : request.EndpointName;
        var chosen = recommendations.FirstOrDefault(r => (request.RecommendationId is null || r.RecommendationId == request.RecommendationId)
            && (endpointName is null || r.EndpointConfiguration?.EndpointName == endpointName));
        if (chosen is null)
        {
            return request.RecommendationId is null
                ? ApiResponse.Validation("EndpointName", $"no recommendation of the job was benchmarked on endpoint '{ListFilters.Shorten(endpointName!)}'")
                : ApiResponse.Validation("RecommendationId", $"the job has no recommendation '{ListFilters.Shorten(request.RecommendationId)}'"
                    + (endpointName is null ? string.Empty : $" benchmarked on endpoint '{ListFilters.Shorten(endpointName)}'"));
        }

        var count = Math.Max(1, chosen.EndpointConfiguration?.InitialInstanceCount ?? 1);
        var perInstance = (chosen.Metrics?.MaxInvocations ?? 0) / count;
        var cpuTarget = request.TargetCpuUtilizationPerCore ?? ScalingPolicyBuilder.DefaultTargetCpuUtilizationPerCore;
        var vcpus = chosen.EndpointConfiguration?.InstanceType is { } type && state.Catalog.TryGet(type, out var instanceType) ? instanceType.VCpus : (double?)null;
        var safetyFactor = ScalingPolicyBuilder.CpuSafetyFactor(cpuTarget, chosen.Metrics?.CpuUtilization, vcpus);
        // The seed's MAX_RPS x safety factor x 60 with MAX_RPS = per-instance rate / 60; InvocationsPerInstance is an integer.
        var target = Math.Max(1, (int)Math.Floor(ScalingPolicyBuilder.TargetValue(perInstance / 60.0, safetyFactor)));
        var objective = request.ScalingPolicyObjective;
        var (minCapacity, maxCapacity) = ScalingPolicyBuilder.Capacity(target, objective?.MinInvocationsPerMinute, objective?.MaxInvocationsPerMinute);
        return ApiResponse.Ok(new GetScalingConfigurationRecommendationResponse
        {
            InferenceRecommendationsJobName = name,
            RecommendationId = chosen.RecommendationId,
            EndpointName = chosen.EndpointConfiguration?.EndpointName,
            TargetCpuUtilizationPerCore = cpuTarget,
            ScalingPolicyObjective = objective,
            Metric = new ScalingPolicyMetric { InvocationsPerInstance = target, ModelLatency = (int?)chosen.Metrics?.ModelLatency },
            DynamicScalingConfiguration = new DynamicScalingConfiguration
            {
                MinCapacity = minCapacity,
                MaxCapacity = maxCapacity,
                ScaleInCooldown = ScalingPolicyBuilder.DefaultCooldownSeconds,
                ScaleOutCooldown = ScalingPolicyBuilder.DefaultCooldownSeconds,
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
}
