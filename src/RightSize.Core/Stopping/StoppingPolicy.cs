using RightSize.Jobs;
using RightSize.Windows;

namespace RightSize.Stopping;

/// <summary>A latency SLO: the window's <see cref="Percentile"/> must stay at or below <see cref="ValueInMilliseconds"/>.</summary>
public sealed record LatencyThreshold(LatencyPercentile Percentile, double ValueInMilliseconds);

/// <summary>The stopping conditions of a test in evaluated form (the request's are validated before this is built).</summary>
public sealed record StoppingPolicy
{
    /// <summary>The error rate (fraction) at or above which a window stops the test: the rule AWS uses for Default jobs.</summary>
    public const double ErrorRateLimit = 0.01;

    /// <summary>Mean users must have grown by this factor over two windows for the rate to count as flat.</summary>
    public const double FlatUserGrowth = 1.2;

    /// <summary>
    /// Mean users are compared to this resolution: a user that starts a few milliseconds into its second leaves a full
    /// window at 11.999 users, and 10 -> 12 users must still count as the 20% it is.
    /// </summary>
    public const double MeanUsersResolution = 0.01;

    /// <summary>The best rate must have grown by less than this factor over the same two windows.</summary>
    public const double FlatRateGrowth = 1.05;

    public int? MaxInvocationsPerMinute { get; init; }

    public LatencyThreshold? LatencyThreshold { get; init; }

    /// <summary>FlatInvocations = Stop (SageMaker's default).</summary>
    public bool StopWhenFlat { get; init; } = true;

    /// <summary>The percentile that results report: the threshold's, else P95.</summary>
    public LatencyPercentile ReportedPercentile => LatencyThreshold?.Percentile ?? LatencyPercentile.P95;

    /// <summary>Builds the policy from a validated request's StoppingConditions.</summary>
    public static StoppingPolicy From(RecommendationJobStoppingConditions? conditions)
    {
        if (conditions is null)
        {
            return new StoppingPolicy();
        }

        var threshold = conditions.ModelLatencyThresholds is [var t, ..]
            && LatencyPercentileNames.TryParse(t.Percentile, out var percentile) && t.ValueInMilliseconds is { } ms
            ? new LatencyThreshold(percentile, ms)
            : null;
        return new StoppingPolicy
        {
            MaxInvocationsPerMinute = conditions.MaxInvocations,
            LatencyThreshold = threshold,
            StopWhenFlat = conditions.FlatInvocations != "Continue",
        };
    }
}
