using RightSize.Load;
using RightSize.Stopping;
using RightSize.Traffic;
using RightSize.Windows;

namespace RightSize.Core.Tests.Stopping;

/// <summary>
/// FlatInvocations against a simulated closed loop: users from a real traffic schedule invoke an endpoint of 4 slots x
/// 20 ms (true capacity 12,000/min) with 1.37 ms per request outside the slots, so 4 users reach 93.6% of capacity
/// (the case of issue #20) and the rate only saturates above 4.3 users.
/// </summary>
public sealed class FlatInvocationsTests
{
    private const int Slots = 4;
    private const double ServiceSeconds = 0.020;
    private const double OverheadSeconds = 0.00137;
    private const double CapacityPerMinute = Slots / ServiceSeconds * 60;
    private const double SaturatingUsers = Slots * (ServiceSeconds + OverheadSeconds) / ServiceSeconds;
    private const int SamplesPerSecond = 100;

    private sealed record Outcome(StopReason? Reason, WindowStats Last, double BestRate);

    // Per-second buckets sampled from the schedule 100 times a second; every full window goes to a fresh evaluator.
    private static Outcome Simulate(ITrafficSchedule schedule, int windowSeconds, Func<double, double> ratePerSecond)
    {
        var aggregator = new WindowAggregator(windowSeconds);
        var evaluator = new StoppingEvaluator(new StoppingPolicy());
        var best = 0.0;
        WindowStats? window = null;
        for (var s = 0; s < (int)schedule.Duration.TotalSeconds; s++)
        {
            double userSeconds = 0, invocations = 0;
            for (var k = 0; k < SamplesPerSecond; k++)
            {
                var users = schedule.UsersAt(TimeSpan.FromSeconds(s + ((k + 0.5) / SamplesPerSecond)));
                userSeconds += (double)users / SamplesPerSecond;
                invocations += ratePerSecond(users) / SamplesPerSecond;
            }

            var bucket = new SecondBucket(s) { Users = schedule.UsersAt(TimeSpan.FromSeconds(s + 0.999)), UserSeconds = userSeconds };
            for (var i = 0; i < (int)Math.Round(invocations); i++)
            {
                bucket.Record(20_000_000, InvocationOutcome.Success);
            }

            window = aggregator.Add(bucket, ResourceSample.Unmeasured);
            best = window.IsFull ? Math.Max(best, window.InvocationsPerMinute) : best;
            if (evaluator.Evaluate(window) is { } reason)
            {
                return new Outcome(reason, window, best);
            }
        }

        return new Outcome(null, window!, best);
    }

    private static double ClosedLoop(double users) => Math.Min(users / (ServiceSeconds + OverheadSeconds), Slots / ServiceSeconds);

    private static StairsSchedule Stairs(int steps, int stepSeconds) => new(TimeSpan.FromSeconds(steps * stepSeconds), steps, 2);

    [Theory]
    [InlineData(5)] // steps shorter than the window
    [InlineData(10)] // as long as the window
    [InlineData(30)] // three windows long
    public void Stairs_stop_only_after_a_whole_window_ran_above_the_knee_and_report_the_capacity(int stepSeconds)
    {
        var outcome = Simulate(Stairs(12, stepSeconds), 10, ClosedLoop);

        Assert.Equal(StopReason.InvocationsFlattened, outcome.Reason);
        Assert.True(outcome.Last.FewestUsers > SaturatingUsers,
            $"stopped at {outcome.Last.EndSecond} s while a second of the window ran {outcome.Last.FewestUsers} users, below the knee");
        Assert.InRange(outcome.BestRate, 0.95 * CapacityPerMinute, CapacityPerMinute);
    }

    [Fact]
    public void Issue_20_case_runs_until_8_users_and_reports_the_capacity_within_5_percent()
    {
        // 6 steps of 30 s, 2 users per step, 10 s windows: the step to 6 users must not stop the test at 61-65 s.
        var outcome = Simulate(Stairs(6, 30), 10, ClosedLoop);

        Assert.Equal(StopReason.InvocationsFlattened, outcome.Reason);
        Assert.True(outcome.Last.Users >= 8, $"stopped at {outcome.Last.EndSecond} s with {outcome.Last.Users} users");
        Assert.InRange(outcome.BestRate, 0.95 * CapacityPerMinute, CapacityPerMinute);
    }

    [Theory]
    [InlineData(20)] // a user every 3 s
    [InlineData(60)] // a user every second
    public void Phases_growing_every_few_seconds_stop_above_the_knee(int spawnRatePerMinute)
    {
        var schedule = new PhasesSchedule([new PhaseSpec(1, spawnRatePerMinute, TimeSpan.FromSeconds(180))]);

        var outcome = Simulate(schedule, 10, ClosedLoop);

        Assert.Equal(StopReason.InvocationsFlattened, outcome.Reason);
        Assert.True(outcome.Last.FewestUsers > SaturatingUsers, $"stopped at {outcome.Last.EndSecond} s, {outcome.Last.FewestUsers} users");
        Assert.InRange(outcome.BestRate, 0.95 * CapacityPerMinute, CapacityPerMinute);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    public void A_rate_that_grows_with_users_never_stops(int stepSeconds)
    {
        var outcome = Simulate(Stairs(12, stepSeconds), 10, users => users / (ServiceSeconds + OverheadSeconds));

        Assert.Null(outcome.Reason);
    }

    [Fact]
    public void Users_that_start_a_few_milliseconds_late_still_count_as_the_growth_they_are()
    {
        // 10 users, then 12 that each start 1 ms into the step's second: full windows of 11.998 mean users, +19.98%.
        var aggregator = new WindowAggregator(5);
        var evaluator = new StoppingEvaluator(new StoppingPolicy());
        StopReason? reason = null;
        for (var s = 0; s < 30 && reason is null; s++)
        {
            var users = s < 15 ? 10 : 12;
            var bucket = new SecondBucket(s) { Users = users, UserSeconds = users - (s < 15 ? 0 : 0.002) };
            for (var i = 0; i < 200; i++)
            {
                bucket.Record(20_000_000, InvocationOutcome.Success);
            }

            reason = evaluator.Evaluate(aggregator.Add(bucket, ResourceSample.Unmeasured));
        }

        Assert.Equal(StopReason.InvocationsFlattened, reason);
    }
}
