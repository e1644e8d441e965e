using RightSize.Windows;

namespace RightSize.Autoscaling;

/// <summary>
/// Where one instance stops keeping up, found on a table of load steps (docs/autoscaling.md). The baseline is the
/// latency percentile at low load: the lowest value among the steps before the one judged (the first step's, unless
/// noise inflated it); the knee is the first step where that percentile exceeds baseline x
/// <see cref="KneeRuleOptions.LatencyFactor"/>, or the success rate falls below
/// <see cref="KneeRuleOptions.MinSuccessRate"/>, or the rate grew less than <see cref="KneeRuleOptions.MinRpsGrowth"/>
/// over the previous step although users grew. MAX_RPS is the rate of the last step before the knee.
/// </summary>
public static class KneeRule
{
    /// <summary>The first step that is past the knee, with every reason that applies to it; null when none is.</summary>
    public static Knee? FindKnee(IReadOnlyList<PeakStep> steps, KneeRuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < steps.Count; i++)
        {
            var reasons = ReasonsAt(steps, i, options);
            if (reasons.Count > 0)
            {
                return new Knee(i, steps[i].Users, reasons);
            }
        }

        return null;
    }

    /// <summary>MAX_RPS from a step table: the last step before the knee, or the best step when there is no knee.</summary>
    public static PeakEstimate Estimate(IReadOnlyList<PeakStep> steps, KneeRuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            return new PeakEstimate { MaxRps = 0, PeakStep = null, Note = "no load step was measured" };
        }

        var knee = FindKnee(steps, options);
        if (knee is { Step: 0 })
        {
            return new PeakEstimate
            {
                MaxRps = 0,
                PeakStep = null,
                Knee = knee,
                Note = "the lowest load is already past the knee: check the endpoint and its payload",
            };
        }

        if (knee is not null)
        {
            return new PeakEstimate { MaxRps = steps[knee.Step - 1].Rps, PeakStep = knee.Step - 1, Knee = knee };
        }

        var best = 0;
        for (var i = 1; i < steps.Count; i++)
        {
            best = steps[i].Rps > steps[best].Rps ? i : best;
        }

        return new PeakEstimate
        {
            MaxRps = steps[best].Rps,
            PeakStep = best,
            Note = $"no knee up to {steps[^1].Users} users: MAX_RPS is the best step's rate, a lower bound of the capacity (raise the user limit)",
        };
    }

    private static List<string> ReasonsAt(IReadOnlyList<PeakStep> steps, int i, KneeRuleOptions options)
    {
        var step = steps[i];
        var reasons = new List<string>();
        if (step.SuccessRate < options.MinSuccessRate)
        {
            reasons.Add($"success rate {step.SuccessRate:P2} is below {options.MinSuccessRate:P0}");
        }

        if (i == 0)
        {
            return reasons;
        }

        var baseline = steps.Take(i).Min(s => s.LatencyMs(options.Percentile));
        var latency = step.LatencyMs(options.Percentile);
        if (latency > baseline * options.LatencyFactor)
        {
            reasons.Add($"{options.Percentile} latency {latency:0.###} ms exceeds {options.LatencyFactor:0.##} x the low-load baseline {baseline:0.###} ms");
        }

        var previous = steps[i - 1];
        if (step.Users > previous.Users && step.Rps < previous.Rps * (1 + options.MinRpsGrowth))
        {
            reasons.Add($"rate {step.Rps:0.#} rps grew less than {options.MinRpsGrowth:P0} over {previous.Rps:0.#} rps while users grew from {previous.Users} to {step.Users}");
        }

        return reasons;
    }
}

/// <summary>The knee rule's thresholds; the defaults are the documented rule.</summary>
public sealed record KneeRuleOptions
{
    /// <summary>The latency percentile compared with its baseline: P50, P95 (default) or P99.</summary>
    public LatencyPercentile Percentile { get; init; } = LatencyPercentile.P95;

    /// <summary>How many times the baseline latency marks the knee.</summary>
    public double LatencyFactor { get; init; } = 2.0;

    /// <summary>Below this success rate (0 to 1) a step is past the knee.</summary>
    public double MinSuccessRate { get; init; } = 0.99;

    /// <summary>Less rate growth than this fraction over the previous step, while users grew, is a flat rate.</summary>
    public double MinRpsGrowth { get; init; } = 0.05;
}

/// <summary>The first step past the knee (index into the step table), its user count and why it is past it.</summary>
public sealed record Knee(int Step, int Users, IReadOnlyList<string> Reasons);

/// <summary>MAX_RPS and where it came from.</summary>
public sealed record PeakEstimate
{
    public required double MaxRps { get; init; }

    /// <summary>The step MAX_RPS is the rate of; null when there is none.</summary>
    public required int? PeakStep { get; init; }

    public Knee? Knee { get; init; }

    /// <summary>Set when the estimate is weaker than the rule promises (no knee found, or no step before it).</summary>
    public string? Note { get; init; }
}
