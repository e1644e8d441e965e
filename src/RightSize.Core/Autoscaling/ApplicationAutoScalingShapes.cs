namespace RightSize.Autoscaling;

// Application Auto Scaling request bodies with AWS's member names, ready for `aws application-autoscaling
// register-scalable-target --cli-input-json` and `put-scaling-policy --cli-input-json`.

public sealed record RegisterScalableTargetRequest
{
    public required string ServiceNamespace { get; init; }
    public required string ResourceId { get; init; }
    public required string ScalableDimension { get; init; }
    public required int MinCapacity { get; init; }
    public required int MaxCapacity { get; init; }
}

public sealed record PutScalingPolicyRequest
{
    public required string PolicyName { get; init; }
    public required string ServiceNamespace { get; init; }
    public required string ResourceId { get; init; }
    public required string ScalableDimension { get; init; }
    public required string PolicyType { get; init; }
    public required TargetTrackingConfiguration TargetTrackingScalingPolicyConfiguration { get; init; }
}

public sealed record TargetTrackingConfiguration
{
    public required double TargetValue { get; init; }
    public required PredefinedMetric PredefinedMetricSpecification { get; init; }
    public required int ScaleInCooldown { get; init; }
    public required int ScaleOutCooldown { get; init; }
}

public sealed record PredefinedMetric
{
    public required string PredefinedMetricType { get; init; }
}
