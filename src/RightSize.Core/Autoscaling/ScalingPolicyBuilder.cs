using System.Text.RegularExpressions;
using RightSize.Jobs;

namespace RightSize.Autoscaling;

/// <summary>
/// SageMaker's load-testing guide as arithmetic: TargetValue (SageMakerVariantInvocationsPerInstance) =
/// MAX_RPS x safety factor x 60, and the Application Auto Scaling calls that apply it. find-peak and the server's
/// GetScalingConfigurationRecommendation both take their target, capacity and cooldowns from here (docs/autoscaling.md §2).
/// </summary>
public static partial class ScalingPolicyBuilder
{
    public const string ServiceNamespace = "sagemaker";
    public const string ScalableDimension = "sagemaker:variant:DesiredInstanceCount";
    public const string PolicyType = "TargetTrackingScaling";
    public const string MetricType = "SageMakerVariantInvocationsPerInstance";

    /// <summary>ScaleInCooldown and ScaleOutCooldown unless asked otherwise: the AWS console's 300 s.</summary>
    public const int DefaultCooldownSeconds = 300;

    /// <summary>GetScalingConfigurationRecommendation's TargetCpuUtilizationPerCore when the request has none (SageMaker's 50%).</summary>
    public const int DefaultTargetCpuUtilizationPerCore = 50;

    /// <summary>The target and both request bodies, or every input error, named by its <see cref="ScalingPolicyInput"/> property.</summary>
    public static Result<ScalingPolicyRecommendation> Build(ScalingPolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return Result<ScalingPolicyRecommendation>.Failure(errors);
        }

        var target = TargetValue(input.MaxRps, input.SafetyFactor);
        var (min, max) = Capacity(target, input.MinInvocationsPerMinute, input.MaxInvocationsPerMinute);
        var resourceId = $"endpoint/{input.EndpointName}/variant/{input.VariantName}";
        return Result<ScalingPolicyRecommendation>.Success(new ScalingPolicyRecommendation
        {
            TargetValue = target,
            RegisterScalableTarget = new RegisterScalableTargetRequest
            {
                ServiceNamespace = ServiceNamespace,
                ResourceId = resourceId,
                ScalableDimension = ScalableDimension,
                MinCapacity = min,
                MaxCapacity = max,
            },
            PutScalingPolicy = new PutScalingPolicyRequest
            {
                PolicyName = input.PolicyName ?? $"{input.EndpointName}-{input.VariantName}-invocations-per-instance",
                ServiceNamespace = ServiceNamespace,
                ResourceId = resourceId,
                ScalableDimension = ScalableDimension,
                PolicyType = PolicyType,
                TargetTrackingScalingPolicyConfiguration = new TargetTrackingConfiguration
                {
                    TargetValue = target,
                    PredefinedMetricSpecification = new PredefinedMetric { PredefinedMetricType = MetricType },
                    ScaleInCooldown = input.ScaleInCooldownSeconds,
                    ScaleOutCooldown = input.ScaleOutCooldownSeconds,
                },
            },
        });
    }

    /// <summary>MAX_RPS x safety factor x 60 invocations per instance per minute, to two decimals.</summary>
    public static double TargetValue(double maxRps, double safetyFactor) => Math.Round(maxRps * safetyFactor * 60, 2);

    /// <summary>
    /// Instances for the expected traffic of the whole variant (invocations per minute) at <paramref name="target"/>
    /// per instance: MinCapacity = max(1, ceil(min / target)); MaxCapacity = max(MinCapacity, ceil(max / target)), or
    /// 2 x MinCapacity without a max, room to absorb a doubling while the user has not said how far traffic goes.
    /// </summary>
    public static (int MinCapacity, int MaxCapacity) Capacity(double target, double? minInvocationsPerMinute, double? maxInvocationsPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(target);
        var min = Math.Max(1, CeilingCount(minInvocationsPerMinute ?? 0, target));
        return (min, maxInvocationsPerMinute is { } max ? Math.Max(min, CeilingCount(max, target)) : (int)Math.Min(int.MaxValue, 2L * min));
    }

    /// <summary>
    /// The safety factor that TargetCpuUtilizationPerCore stands for, as SageMaker derives its target from CPU: the rate
    /// at which CPU per core reaches the target, assuming CPU grows in proportion to invocations, as a fraction of the
    /// measured peak: target % / (<paramref name="cpuUtilization"/> / <paramref name="vcpus"/>), at most 1 (the instance
    /// was not measured beyond its peak). Without a measured CPU the peak counts as 100% per core, so the default 50% is
    /// the guide's safety factor 0.5.
    /// </summary>
    /// <param name="cpuUtilization">The peak window's CPU in percent summed over cores (CloudWatch's CPUUtilization); null or NaN when not measured.</param>
    /// <param name="vcpus">The instance type's vCPUs; null for serverless or an unknown type.</param>
    public static double CpuSafetyFactor(int targetCpuUtilizationPerCore, double? cpuUtilization, double? vcpus)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetCpuUtilizationPerCore, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetCpuUtilizationPerCore, 100);
        var perCore = cpuUtilization is { } cpu && cpu > 0 && double.IsFinite(cpu) && vcpus is { } cores && cores > 0 ? cpu / cores : 100;
        return Math.Min(1, targetCpuUtilizationPerCore / perCore);
    }

    private static int CeilingCount(double invocationsPerMinute, double target) =>
        (int)Math.Min(int.MaxValue, Math.Ceiling(invocationsPerMinute / target));

    private static List<ValidationError> Validate(ScalingPolicyInput input)
    {
        var errors = new List<ValidationError>();
        if (!(input.MaxRps > 0) || !double.IsFinite(input.MaxRps))
        {
            errors.Add(new ValidationError(nameof(ScalingPolicyInput.MaxRps), $"{input.MaxRps} must be a positive number of requests per second"));
        }

        if (!(input.SafetyFactor > 0 && input.SafetyFactor <= 1))
        {
            errors.Add(new ValidationError(nameof(ScalingPolicyInput.SafetyFactor), $"{input.SafetyFactor} must be above 0 and at most 1"));
        }
        else if (input.MaxRps > 0 && TargetValue(input.MaxRps, input.SafetyFactor) <= 0)
        {
            errors.Add(new ValidationError(nameof(ScalingPolicyInput.SafetyFactor), "MAX_RPS x safety factor x 60 rounds to 0 invocations per minute"));
        }

        if (input.MinInvocationsPerMinute is < 0 || input.MinInvocationsPerMinute is { } min && !double.IsFinite(min))
        {
            errors.Add(new ValidationError(nameof(ScalingPolicyInput.MinInvocationsPerMinute), $"{input.MinInvocationsPerMinute} must be 0 or more invocations per minute"));
        }

        if (input.MaxInvocationsPerMinute is { } max && (!(max > 0) || !double.IsFinite(max) || max < (input.MinInvocationsPerMinute ?? 0)))
        {
            errors.Add(new ValidationError(nameof(ScalingPolicyInput.MaxInvocationsPerMinute), $"{max} must be positive and at least MinInvocationsPerMinute"));
        }

        CheckName(nameof(ScalingPolicyInput.EndpointName), input.EndpointName, errors);
        CheckName(nameof(ScalingPolicyInput.VariantName), input.VariantName, errors);
        CheckCooldown(nameof(ScalingPolicyInput.ScaleInCooldownSeconds), input.ScaleInCooldownSeconds, errors);
        CheckCooldown(nameof(ScalingPolicyInput.ScaleOutCooldownSeconds), input.ScaleOutCooldownSeconds, errors);
        if (input.PolicyName is { } policy && (policy.Length is 0 or > 256 || !PrintableName().IsMatch(policy)))
        {
            errors.Add(new ValidationError(nameof(ScalingPolicyInput.PolicyName), "must be 1-256 printable characters"));
        }

        return errors;
    }

    private static void CheckName(string path, string name, List<ValidationError> errors)
    {
        if (!SageMakerName().IsMatch(name))
        {
            errors.Add(new ValidationError(path, $"'{name}' is not a SageMaker name: letters, digits and single hyphens, at most 63"));
        }
    }

    private static void CheckCooldown(string path, int seconds, List<ValidationError> errors)
    {
        if (seconds < 0)
        {
            errors.Add(new ValidationError(path, $"{seconds} must be 0 or more seconds"));
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")]
    private static partial Regex SageMakerName();

    [GeneratedRegex(@"^\P{C}+$")]
    private static partial Regex PrintableName();
}

/// <summary>What the policy is computed from; the defaults are SageMaker's guide's and the AWS console's.</summary>
/// <param name="MaxRps">One instance's peak requests per second.</param>
public sealed record ScalingPolicyInput(double MaxRps)
{
    public double SafetyFactor { get; init; } = 0.5;

    /// <summary>The lowest expected traffic, in invocations per minute over the whole variant; sets MinCapacity.</summary>
    public double? MinInvocationsPerMinute { get; init; }

    /// <summary>The highest expected traffic, in invocations per minute over the whole variant; sets MaxCapacity.</summary>
    public double? MaxInvocationsPerMinute { get; init; }

    public string EndpointName { get; init; } = "my-endpoint";

    public string VariantName { get; init; } = "AllTraffic";

    /// <summary>The policy's name; null derives it from the endpoint and variant names.</summary>
    public string? PolicyName { get; init; }

    public int ScaleInCooldownSeconds { get; init; } = ScalingPolicyBuilder.DefaultCooldownSeconds;

    public int ScaleOutCooldownSeconds { get; init; } = ScalingPolicyBuilder.DefaultCooldownSeconds;
}

/// <summary>The target value and the two Application Auto Scaling calls that set it up.</summary>
public sealed record ScalingPolicyRecommendation
{
    /// <summary>SageMakerVariantInvocationsPerInstance: invocations per instance per minute.</summary>
    public required double TargetValue { get; init; }

    public required RegisterScalableTargetRequest RegisterScalableTarget { get; init; }

    public required PutScalingPolicyRequest PutScalingPolicy { get; init; }
}
