using RightSize.Autoscaling;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;

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
        var (answer, refusal) = await RecommendAsync(state, request, cancellationToken);
        return refusal ?? ApiResponse.Ok(answer!, SageMakerJsonContext.Default.GetScalingConfigurationRecommendationResponse);
    }

    /// <summary>The request's input errors, every one at once.</summary>
    public static List<ValidationError> Validate(GetScalingConfigurationRecommendationRequest request)
    {
        var errors = new List<ValidationError>(NameRules.ValidateJobName(request.InferenceRecommendationsJobName, "InferenceRecommendationsJobName"));
        if (request.RecommendationId is not null && request.EndpointName is not null)
        {
            errors.Add(new("EndpointName", "give RecommendationId or EndpointName, not both (SageMaker takes one of them)"));
        }

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

        return errors;
    }

    /// <summary>The recommendation, or the answer that refuses it (validation, no such job, not completed).</summary>
    public static async Task<(GetScalingConfigurationRecommendationResponse? Answer, ApiResponse? Refusal)> RecommendAsync(
        ServerState state, GetScalingConfigurationRecommendationRequest request, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return (null, ApiResponse.Validation(errors));
        }

        var name = request.InferenceRecommendationsJobName!;
        var job = await JobReads.DescribeAsync(state, name, cancellationToken);
        if (job is null)
        {
            return (null, JobOperations.NotFound(name));
        }

        if (job.Status != RecommendationStatus.Completed)
        {
            return (null, ApiResponse.Validation("InferenceRecommendationsJobName", $"the job is {job.Status.Name()}; ask again when it is COMPLETED"));
        }

        var choice = RecommendationChoice.Choose(job, request.RecommendationId, request.EndpointName);
        if (!choice.Succeeded)
        {
            return (null, ApiResponse.Validation([.. choice.Errors.Select(e => e.Path == "InferenceRecommendations" ? e with { Path = "InferenceRecommendationsJobName" } : e)]));
        }

        var chosen = choice.Value;
        var perInstance = RecommendationChoice.PerInstanceMaxInvocations(chosen) ?? 0;
        var cpuTarget = request.TargetCpuUtilizationPerCore ?? ScalingPolicyBuilder.DefaultTargetCpuUtilizationPerCore;
        var vcpus = chosen.EndpointConfiguration?.InstanceType is { } type && state.Catalog.TryGet(type, out var instanceType) ? instanceType.VCpus : (double?)null;
        var safetyFactor = ScalingPolicyBuilder.CpuSafetyFactor(cpuTarget, chosen.Metrics?.CpuUtilization, vcpus);
        // The seed's MAX_RPS x safety factor x 60 with MAX_RPS = per-instance rate / 60; InvocationsPerInstance is an integer.
        var target = Math.Max(1, (int)Math.Floor(ScalingPolicyBuilder.TargetValue(perInstance / 60.0, safetyFactor)));
        var objective = request.ScalingPolicyObjective;
        var (minCapacity, maxCapacity) = ScalingPolicyBuilder.Capacity(target, objective?.MinInvocationsPerMinute, objective?.MaxInvocationsPerMinute);
        return (new GetScalingConfigurationRecommendationResponse
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
        }, null);
    }
}
