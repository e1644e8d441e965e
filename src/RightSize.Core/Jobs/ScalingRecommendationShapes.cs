namespace RightSize.Jobs;

public sealed record GetScalingConfigurationRecommendationRequest
{
    public string? InferenceRecommendationsJobName { get; init; }
    public string? RecommendationId { get; init; }
    public string? EndpointName { get; init; }
    public int? TargetCpuUtilizationPerCore { get; init; }
    public ScalingPolicyObjective? ScalingPolicyObjective { get; init; }
}

public sealed record GetScalingConfigurationRecommendationResponse
{
    public string? InferenceRecommendationsJobName { get; init; }
    public string? RecommendationId { get; init; }
    public string? EndpointName { get; init; }
    public int? TargetCpuUtilizationPerCore { get; init; }
    public ScalingPolicyObjective? ScalingPolicyObjective { get; init; }
    public ScalingPolicyMetric? Metric { get; init; }
    public DynamicScalingConfiguration? DynamicScalingConfiguration { get; init; }
}

public sealed record ScalingPolicyObjective
{
    public int? MinInvocationsPerMinute { get; init; }
    public int? MaxInvocationsPerMinute { get; init; }
}

public sealed record ScalingPolicyMetric
{
    public int? InvocationsPerInstance { get; init; }

    /// <summary>Microseconds, as in RecommendationMetrics.</summary>
    public int? ModelLatency { get; init; }
}

public sealed record DynamicScalingConfiguration
{
    public int? MinCapacity { get; init; }
    public int? MaxCapacity { get; init; }
    public int? ScaleInCooldown { get; init; }
    public int? ScaleOutCooldown { get; init; }
    public List<ScalingPolicy>? ScalingPolicies { get; init; }
}

public sealed record ScalingPolicy
{
    public TargetTrackingScalingPolicyConfiguration? TargetTracking { get; init; }
}

public sealed record TargetTrackingScalingPolicyConfiguration
{
    public MetricSpecification? MetricSpecification { get; init; }
    public double? TargetValue { get; init; }
}

public sealed record MetricSpecification
{
    public PredefinedMetricSpecification? Predefined { get; init; }
    public CustomizedMetricSpecification? Customized { get; init; }
}

public sealed record PredefinedMetricSpecification
{
    public string? PredefinedMetricType { get; init; }
}

public sealed record CustomizedMetricSpecification
{
    public string? MetricName { get; init; }
    public string? Namespace { get; init; }
    public string? Statistic { get; init; }
}
