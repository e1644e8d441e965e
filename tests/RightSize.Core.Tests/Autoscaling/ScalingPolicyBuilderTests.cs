using RightSize.Autoscaling;

namespace RightSize.Core.Tests.Autoscaling;

public sealed class ScalingPolicyBuilderTests
{
    [Fact]
    public void Target_value_is_max_rps_times_safety_factor_times_60()
    {
        var policy = ScalingPolicyBuilder.Build(new ScalingPolicyInput(200)).Value!;

        Assert.Equal(6000, policy.TargetValue);
        var config = policy.PutScalingPolicy.TargetTrackingScalingPolicyConfiguration;
        Assert.Equal(6000, config.TargetValue);
        Assert.Equal("SageMakerVariantInvocationsPerInstance", config.PredefinedMetricSpecification.PredefinedMetricType);
        Assert.Equal(300, config.ScaleInCooldown);
        Assert.Equal(300, config.ScaleOutCooldown);
        Assert.Equal("TargetTrackingScaling", policy.PutScalingPolicy.PolicyType);
    }

    [Fact]
    public void Names_build_the_resource_id_of_both_requests()
    {
        var policy = ScalingPolicyBuilder.Build(new ScalingPolicyInput(10) { EndpointName = "shop", VariantName = "v2" }).Value!;

        Assert.Equal("endpoint/shop/variant/v2", policy.RegisterScalableTarget.ResourceId);
        Assert.Equal("endpoint/shop/variant/v2", policy.PutScalingPolicy.ResourceId);
        Assert.Equal("sagemaker", policy.RegisterScalableTarget.ServiceNamespace);
        Assert.Equal("sagemaker:variant:DesiredInstanceCount", policy.PutScalingPolicy.ScalableDimension);
        Assert.Equal("shop-v2-invocations-per-instance", policy.PutScalingPolicy.PolicyName);
    }

    [Theory]
    [InlineData(null, null, 1, 2)]
    [InlineData(0.0, 30_000.0, 1, 5)]
    [InlineData(6000.0, 6001.0, 1, 2)]
    [InlineData(12_001.0, 12_001.0, 3, 3)]
    [InlineData(12_001.0, null, 3, 6)]
    public void Capacity_is_expected_traffic_over_the_target_rounded_up(double? minRpm, double? maxRpm, int min, int max)
    {
        // Target 6000 invocations per instance per minute.
        var target = ScalingPolicyBuilder.Build(new ScalingPolicyInput(200) { MinInvocationsPerMinute = minRpm, MaxInvocationsPerMinute = maxRpm }).Value!.RegisterScalableTarget;

        Assert.Equal(min, target.MinCapacity);
        Assert.Equal(max, target.MaxCapacity);
    }

    [Theory]
    [InlineData(600.0, null, null, 1, 2)]
    [InlineData(600.0, 1.0, 1_000_000.0, 1, 1667)]
    [InlineData(600.0, 1800.0, null, 3, 6)]
    [InlineData(600.0, 1800.0, 1801.0, 3, 4)]
    public void Capacity_rule_is_the_one_build_uses(double target, double? minRpm, double? maxRpm, int min, int max)
    {
        Assert.Equal((min, max), ScalingPolicyBuilder.Capacity(target, minRpm, maxRpm));
        var built = ScalingPolicyBuilder.Build(new ScalingPolicyInput(target / 30) { MinInvocationsPerMinute = minRpm, MaxInvocationsPerMinute = maxRpm }).Value!;
        Assert.Equal((min, max), (built.RegisterScalableTarget.MinCapacity, built.RegisterScalableTarget.MaxCapacity));
    }

    [Theory]
    // CPU per core at the peak: 150% over 2 vCPUs = 75%; a 50% target is reached at 50/75 of the peak rate.
    [InlineData(50, 150.0, 2.0, 50.0 / 75)]
    [InlineData(30, 100.0, 1.0, 0.3)]
    // The instance was not measured beyond its peak: a target above the peak's CPU caps at the peak rate.
    [InlineData(80, 40.0, 1.0, 1.0)]
    [InlineData(100, 100.0, 1.0, 1.0)]
    // Unmeasured CPU (NaN, null, 0) or unknown vCPUs: the peak counts as 100% per core, so 50% is the guide's 0.5.
    [InlineData(50, double.NaN, 2.0, 0.5)]
    [InlineData(50, null, 2.0, 0.5)]
    [InlineData(20, 0.0, 2.0, 0.2)]
    [InlineData(50, 150.0, null, 0.5)]
    public void Cpu_target_per_core_scales_the_measured_peak(int targetPerCore, double? cpu, double? vcpus, double factor)
    {
        Assert.Equal(factor, ScalingPolicyBuilder.CpuSafetyFactor(targetPerCore, cpu, vcpus), 12);
    }

    [Fact]
    public void Cpu_target_per_core_outside_1_to_100_is_a_caller_bug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalingPolicyBuilder.CpuSafetyFactor(0, 50, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalingPolicyBuilder.CpuSafetyFactor(101, 50, 1));
    }

    [Fact]
    public void Seed_safety_factor_and_cooldowns_can_be_changed()
    {
        var policy = ScalingPolicyBuilder.Build(new ScalingPolicyInput(6.2) { SafetyFactor = 0.7, ScaleInCooldownSeconds = 600, ScaleOutCooldownSeconds = 60 }).Value!;

        Assert.Equal(260.4, policy.TargetValue);
        Assert.Equal(600, policy.PutScalingPolicy.TargetTrackingScalingPolicyConfiguration.ScaleInCooldown);
        Assert.Equal(60, policy.PutScalingPolicy.TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown);
    }

    [Theory]
    [InlineData(0.0, "SafetyFactor")]
    [InlineData(1.01, "SafetyFactor")]
    [InlineData(double.NaN, "SafetyFactor")]
    public void Safety_factor_must_be_in_0_to_1(double factor, string path)
    {
        var result = ScalingPolicyBuilder.Build(new ScalingPolicyInput(100) { SafetyFactor = factor });

        Assert.Equal(path, Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void Every_input_error_is_reported_at_once()
    {
        var result = ScalingPolicyBuilder.Build(new ScalingPolicyInput(0)
        {
            MinInvocationsPerMinute = 100,
            MaxInvocationsPerMinute = 50,
            EndpointName = "bad_name",
            VariantName = "",
            ScaleInCooldownSeconds = -1,
        });

        Assert.Equal(["MaxRps", "MaxInvocationsPerMinute", "EndpointName", "VariantName", "ScaleInCooldownSeconds"], result.Errors.Select(e => e.Path));
    }
}
