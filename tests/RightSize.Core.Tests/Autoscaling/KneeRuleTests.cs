using RightSize.Autoscaling;
using RightSize.Windows;

namespace RightSize.Core.Tests.Autoscaling;

public sealed class KneeRuleTests
{
    private static readonly KneeRuleOptions Rule = new();

    [Fact]
    public void Latency_above_twice_the_baseline_is_the_knee_and_max_rps_is_the_step_before()
    {
        PeakStep[] steps = [Step(1, 50, 21), Step(2, 100, 22), Step(4, 195, 23), Step(8, 200, 43)];

        var estimate = KneeRule.Estimate(steps, Rule);

        Assert.Equal(3, estimate.Knee!.Step);
        Assert.Equal(8, estimate.Knee.Users);
        Assert.Contains(estimate.Knee.Reasons, r => r.Contains("P95 latency", StringComparison.Ordinal));
        Assert.Equal(2, estimate.PeakStep);
        Assert.Equal(195, estimate.MaxRps);
        Assert.Null(estimate.Note);
    }

    [Fact]
    public void Latency_exactly_at_the_factor_is_not_yet_the_knee()
    {
        PeakStep[] steps = [Step(1, 50, 20), Step(2, 100, 40)];

        Assert.Null(KneeRule.FindKnee(steps, Rule));
    }

    [Fact]
    public void The_baseline_is_the_lowest_latency_before_the_step_so_a_noisy_first_step_does_not_hide_the_knee()
    {
        PeakStep[] steps = [Step(1, 50, 32), Step(2, 100, 21), Step(4, 200, 22), Step(8, 220, 43)];

        Assert.Equal(3, KneeRule.FindKnee(steps, Rule)!.Step);
    }

    [Fact]
    public void Success_rate_below_99_percent_is_the_knee()
    {
        PeakStep[] steps = [Step(1, 50, 20), Step(2, 100, 21), Step(4, 190, 22, success: 0.985)];

        var knee = KneeRule.FindKnee(steps, Rule)!;

        Assert.Equal(2, knee.Step);
        Assert.Single(knee.Reasons);
        Assert.Contains("success rate", knee.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_that_grows_less_than_5_percent_while_users_grow_is_the_knee()
    {
        PeakStep[] steps = [Step(1, 50, 20), Step(2, 100, 21), Step(4, 104, 30)];

        var estimate = KneeRule.Estimate(steps, Rule);

        Assert.Equal(2, estimate.Knee!.Step);
        Assert.Contains("grew less than", estimate.Knee.Reasons.Single(), StringComparison.Ordinal);
        Assert.Equal(100, estimate.MaxRps);
    }

    [Fact]
    public void The_percentile_and_factor_are_configurable()
    {
        PeakStep[] steps = [Step(1, 50, 20, p99: 25), Step(2, 100, 21, p99: 40)];

        Assert.Null(KneeRule.FindKnee(steps, Rule));
        Assert.Equal(1, KneeRule.FindKnee(steps, Rule with { Percentile = LatencyPercentile.P99, LatencyFactor = 1.5 })!.Step);
    }

    [Fact]
    public void Without_a_knee_the_best_step_is_max_rps_with_a_note()
    {
        PeakStep[] steps = [Step(1, 50, 20), Step(2, 100, 20), Step(4, 200, 21)];

        var estimate = KneeRule.Estimate(steps, Rule);

        Assert.Null(estimate.Knee);
        Assert.Equal(200, estimate.MaxRps);
        Assert.Equal(2, estimate.PeakStep);
        Assert.Contains("no knee up to 4 users", estimate.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_step_past_the_knee_gives_no_max_rps()
    {
        PeakStep[] steps = [Step(1, 50, 20, success: 0.5)];

        var estimate = KneeRule.Estimate(steps, Rule);

        Assert.Equal(0, estimate.MaxRps);
        Assert.Null(estimate.PeakStep);
        Assert.Equal(0, estimate.Knee!.Step);
        Assert.NotNull(estimate.Note);
    }

    [Fact]
    public void User_steps_double_or_grow_by_the_increment_and_end_at_the_limit()
    {
        Assert.Equal([1, 2, 4, 8, 16], PeakSearch.UserSteps(16, null));
        Assert.Equal([1, 2, 4, 8, 10], PeakSearch.UserSteps(10, null));
        Assert.Equal([1, 4, 7, 9], PeakSearch.UserSteps(9, 3));
        Assert.Equal([1], PeakSearch.UserSteps(1, null));
    }

    private static PeakStep Step(int users, double rps, double p95, double success = 1, double? p99 = null) =>
        new(users, rps, success, p95 * 0.9, p95, p99 ?? p95 * 1.1);
}
