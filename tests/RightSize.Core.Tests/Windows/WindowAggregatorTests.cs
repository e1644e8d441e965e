using RightSize.Load;
using RightSize.Windows;

namespace RightSize.Core.Tests.Windows;

public sealed class WindowAggregatorTests
{
    internal static SecondBucket Second(int second, int users, int successes, double latencyMs, int serverErrors = 0)
    {
        var bucket = new SecondBucket(second) { Users = users, UserSeconds = users };
        for (var i = 0; i < successes; i++)
        {
            bucket.Record((long)(latencyMs * 1e6), InvocationOutcome.Success);
        }

        for (var i = 0; i < serverErrors; i++)
        {
            bucket.Record(0, InvocationOutcome.ServerError);
        }

        return bucket;
    }

    [Fact]
    public void Window_slides_one_second_at_a_time_and_rates_are_per_minute()
    {
        var aggregator = new WindowAggregator(windowSeconds: 3);

        var w1 = aggregator.Add(Second(0, 1, 10, 5), ResourceSample.Unmeasured);
        var w2 = aggregator.Add(Second(1, 1, 10, 5), ResourceSample.Unmeasured);
        var w3 = aggregator.Add(Second(2, 2, 20, 5), ResourceSample.Unmeasured);
        var w4 = aggregator.Add(Second(3, 2, 40, 5), ResourceSample.Unmeasured);

        Assert.False(w1.IsFull);
        Assert.Equal(600, w1.InvocationsPerMinute);
        Assert.False(w2.IsFull);
        Assert.True(w3.IsFull);
        Assert.Equal(40, w3.Invocations);
        Assert.Equal(800, w3.InvocationsPerMinute);
        Assert.Equal(70, w4.Invocations);
        Assert.Equal(1400, w4.InvocationsPerMinute);
        Assert.Equal(4, w4.EndSecond);
        Assert.Equal(2, w4.Users);
    }

    [Fact]
    public void Windows_carry_time_weighted_mean_users()
    {
        // 4 users for 6 s then 6 for 4 s: 4.8 mean users, though the window ends with 6.
        var aggregator = new WindowAggregator(10);
        WindowStats window = null!;
        for (var s = 0; s < 10; s++)
        {
            var users = s < 6 ? 4 : 6;
            window = aggregator.Add(Second(s, users, 10, 5), ResourceSample.Unmeasured);
        }

        Assert.Equal(6, window.Users);
        Assert.Equal(4.8, window.MeanUsers, 9);
        Assert.Equal(4, window.FewestUsers);
        Assert.Equal(6, window.MostUsers);
    }

    [Fact]
    public void Latency_percentiles_forget_seconds_that_left_the_window()
    {
        var aggregator = new WindowAggregator(windowSeconds: 2);
        aggregator.Add(Second(0, 1, 100, 900), ResourceSample.Unmeasured);
        aggregator.Add(Second(1, 1, 100, 10), ResourceSample.Unmeasured);

        var window = aggregator.Add(Second(2, 1, 100, 10), ResourceSample.Unmeasured);

        Assert.Equal(10, window.P99Ms, 0.1);
        Assert.Equal(10, window.MaxMs, 0.1);
    }

    [Fact]
    public void Error_rate_counts_failures_against_all_invocations()
    {
        var aggregator = new WindowAggregator(windowSeconds: 1);

        var window = aggregator.Add(Second(0, 1, 98, 5, serverErrors: 2), ResourceSample.Unmeasured);

        Assert.Equal(100, window.Invocations);
        Assert.Equal(0.02, window.ErrorRate, 6);
    }

    [Fact]
    public void Resource_use_is_the_window_average_of_measured_seconds()
    {
        var aggregator = new WindowAggregator(windowSeconds: 3);
        aggregator.Add(Second(0, 1, 1, 5), new ResourceSample(50, 10));
        aggregator.Add(Second(1, 1, 1, 5), ResourceSample.Unmeasured);

        var window = aggregator.Add(Second(2, 1, 1, 5), new ResourceSample(150, 30));

        Assert.Equal(100, window.CpuUtilization, 6);
        Assert.Equal(20, window.MemoryUtilization, 6);
        Assert.True(double.IsNaN(new WindowAggregator(1).Add(Second(0, 1, 1, 5), ResourceSample.Unmeasured).CpuUtilization));
    }
}
