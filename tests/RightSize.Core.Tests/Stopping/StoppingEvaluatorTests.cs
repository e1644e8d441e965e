using RightSize.Core.Tests.Windows;
using RightSize.Jobs;
using RightSize.Stopping;
using RightSize.Windows;

namespace RightSize.Core.Tests.Stopping;

public sealed class StoppingEvaluatorTests
{
    /// <summary>Feeds seconds (users, successes per second, latency ms) through a 2-second window; returns the first stop.</summary>
    private static (StopReason? Reason, int AtSecond) Run(StoppingPolicy policy, params (int Users, int Rate, double LatencyMs, int Errors)[] seconds)
    {
        var aggregator = new WindowAggregator(2);
        var evaluator = new StoppingEvaluator(policy);
        for (var s = 0; s < seconds.Length; s++)
        {
            var (users, rate, latency, errors) = seconds[s];
            var window = aggregator.Add(WindowAggregatorTests.Second(s, users, rate, latency, errors), ResourceSample.Unmeasured);
            if (evaluator.Evaluate(window) is { } reason)
            {
                return (reason, s);
            }
        }

        return (null, -1);
    }

    private static readonly StoppingPolicy Continue = new() { StopWhenFlat = false };

    [Fact]
    public void Max_invocations_stops_when_a_full_window_reaches_the_target()
    {
        var policy = Continue with { MaxInvocationsPerMinute = 1200 };

        // 10/s = 600/min, then 20/s = 1200/min once both seconds of the window run at 20/s.
        var result = Run(policy, (1, 10, 5, 0), (1, 10, 5, 0), (2, 20, 5, 0), (2, 20, 5, 0), (2, 20, 5, 0));

        Assert.Equal((StopReason.MaxInvocationsReached, 3), result);
    }

    [Fact]
    public void Partial_windows_never_stop_a_test()
    {
        var policy = Continue with { MaxInvocationsPerMinute = 60 };

        var result = Run(policy, (1, 100, 5, 0), (1, 100, 5, 0));

        Assert.Equal((StopReason.MaxInvocationsReached, 1), result);
    }

    [Theory]
    [InlineData(LatencyPercentile.P95, 50, 40, null)]
    [InlineData(LatencyPercentile.P95, 50, 60, StopReason.LatencyThresholdExceeded)]
    [InlineData(LatencyPercentile.P99, 100, 120, StopReason.LatencyThresholdExceeded)]
    public void Latency_threshold_stops_when_the_window_percentile_exceeds_it(
        LatencyPercentile percentile, double thresholdMs, double latencyMs, StopReason? expected)
    {
        var policy = Continue with { LatencyThreshold = new LatencyThreshold(percentile, thresholdMs) };

        var (reason, _) = Run(policy, (1, 10, latencyMs, 0), (1, 10, latencyMs, 0), (1, 10, latencyMs, 0));

        Assert.Equal(expected, reason);
    }

    [Fact]
    public void One_percent_errors_in_a_window_stops_the_test()
    {
        var below = Run(Continue, (1, 200, 5, 1), (1, 200, 5, 1), (1, 200, 5, 1));
        var at = Run(Continue, (1, 99, 5, 1), (1, 99, 5, 1));

        Assert.Null(below.Reason);
        Assert.Equal((StopReason.ErrorRateExceeded, 1), at);
    }

    [Fact]
    public void Flat_invocations_stop_when_users_grow_but_the_rate_does_not()
    {
        // Rate climbs with users up to 3 users, then users keep growing while the rate stays at 30/s.
        var seconds = new (int, int, double, int)[]
        {
            (1, 10, 5, 0), (1, 10, 5, 0), (2, 20, 5, 0), (2, 20, 5, 0), (3, 30, 5, 0), (3, 30, 5, 0),
            (4, 30, 5, 0), (4, 30, 5, 0), (5, 30, 5, 0), (5, 30, 5, 0), (6, 30, 5, 0), (6, 30, 5, 0),
        };

        var stop = Run(new StoppingPolicy(), seconds);
        var keepGoing = Run(new StoppingPolicy { StopWhenFlat = false }, seconds);

        Assert.Equal(StopReason.InvocationsFlattened, stop.Reason);
        Assert.True(stop.AtSecond >= 8, $"stopped too early at {stop.AtSecond}");
        Assert.Null(keepGoing.Reason);
    }

    [Fact]
    public void A_rate_that_keeps_growing_with_users_is_not_flat()
    {
        var seconds = Enumerable.Range(0, 12).Select(s => (s / 2 + 1, 10 * (s / 2 + 1), 5.0, 0)).ToArray();

        Assert.Null(Run(new StoppingPolicy(), seconds).Reason);
    }

    [Fact]
    public void Policy_from_request_reads_threshold_target_and_flat_setting()
    {
        var policy = StoppingPolicy.From(new RecommendationJobStoppingConditions
        {
            MaxInvocations = 1000,
            ModelLatencyThresholds = [new ModelLatencyThreshold { Percentile = "P99", ValueInMilliseconds = 100 }],
            FlatInvocations = "Continue",
        });

        Assert.Equal(1000, policy.MaxInvocationsPerMinute);
        Assert.Equal(new LatencyThreshold(LatencyPercentile.P99, 100), policy.LatencyThreshold);
        Assert.False(policy.StopWhenFlat);
        Assert.Equal(LatencyPercentile.P99, policy.ReportedPercentile);
        Assert.True(StoppingPolicy.From(null).StopWhenFlat);
        Assert.Equal(LatencyPercentile.P95, StoppingPolicy.From(null).ReportedPercentile);
    }
}
