using System.CommandLine;
using RightSize.Autoscaling;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>The options that shape the Application Auto Scaling requests (target, capacity, names, cooldowns).</summary>
internal sealed class PolicyOptions
{
    private readonly Option<double> _safetyFactor = new("--safety-factor") { Description = "TargetValue = MAX_RPS x this x 60; above 0, at most 1.", DefaultValueFactory = _ => 0.5 };
    private readonly Option<double?> _minRpm = new("--min-rpm") { Description = "Lowest expected invocations per minute (whole variant): MinCapacity = max(1, ceil(rpm / TargetValue))." };
    private readonly Option<double?> _maxRpm = new("--max-rpm") { Description = "Highest expected invocations per minute: MaxCapacity = max(MinCapacity, ceil(rpm / TargetValue)); default 2 x MinCapacity." };
    private readonly Option<string> _endpointName = new("--endpoint-name") { Description = "The SageMaker endpoint the policy is for.", DefaultValueFactory = _ => "my-endpoint" };
    private readonly Option<string> _variantName = new("--variant-name") { Description = "The production variant.", DefaultValueFactory = _ => "AllTraffic" };
    private readonly Option<string?> _policyName = new("--policy-name") { Description = "The scaling policy's name (default: derived from endpoint and variant)." };
    private readonly Option<int> _scaleIn = new("--scale-in-cooldown") { Description = "ScaleInCooldown in seconds.", DefaultValueFactory = _ => 300 };
    private readonly Option<int> _scaleOut = new("--scale-out-cooldown") { Description = "ScaleOutCooldown in seconds.", DefaultValueFactory = _ => 300 };

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[_safetyFactor, _minRpm, _maxRpm, _endpointName, _variantName, _policyName, _scaleIn, _scaleOut])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The policy for <paramref name="input"/>; its errors name this command's options, not the input's properties.</summary>
    public static Result<ScalingPolicyRecommendation> Build(ScalingPolicyInput input)
    {
        var built = ScalingPolicyBuilder.Build(input);
        return built.Succeeded ? built : Result<ScalingPolicyRecommendation>.Failure([.. OptionErrors.Rename(built.Errors, OptionOf)]);
    }

    private static string OptionOf(string property) => property switch
    {
        nameof(ScalingPolicyInput.SafetyFactor) => "--safety-factor",
        nameof(ScalingPolicyInput.MinInvocationsPerMinute) => "--min-rpm",
        nameof(ScalingPolicyInput.MaxInvocationsPerMinute) => "--max-rpm",
        nameof(ScalingPolicyInput.EndpointName) => "--endpoint-name",
        nameof(ScalingPolicyInput.VariantName) => "--variant-name",
        nameof(ScalingPolicyInput.PolicyName) => "--policy-name",
        nameof(ScalingPolicyInput.ScaleInCooldownSeconds) => "--scale-in-cooldown",
        nameof(ScalingPolicyInput.ScaleOutCooldownSeconds) => "--scale-out-cooldown",
        _ => property,
    };

    public double SafetyFactor(ParseResult parse) => parse.GetValue(_safetyFactor);

    public ScalingPolicyInput Input(ParseResult parse, double maxRps) => new(maxRps)
    {
        SafetyFactor = parse.GetValue(_safetyFactor),
        MinInvocationsPerMinute = parse.GetValue(_minRpm),
        MaxInvocationsPerMinute = parse.GetValue(_maxRpm),
        EndpointName = parse.GetValue(_endpointName)!,
        VariantName = parse.GetValue(_variantName)!,
        PolicyName = parse.GetValue(_policyName),
        ScaleInCooldownSeconds = parse.GetValue(_scaleIn),
        ScaleOutCooldownSeconds = parse.GetValue(_scaleOut),
    };
}
