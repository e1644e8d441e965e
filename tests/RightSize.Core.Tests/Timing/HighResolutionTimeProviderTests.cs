using System.Diagnostics;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Timing;

namespace RightSize.Core.Tests.Timing;

[Collection(TimingSensitive.Name)]
public sealed class HighResolutionTimeProviderTests
{
    private static readonly TimeProvider Provider = HighResolutionTimeProvider.Instance;

    [Fact]
    public async Task Delays_never_end_before_their_due_time_and_wake_closer_to_it_than_the_system_timers()
    {
        Assert.NotSame(TimeProvider.System, Provider);
        var delays = Enumerable.Range(0, 40).Select(i => TimeSpan.FromMilliseconds(0.5 + (i % 8 * 0.7))).ToList();

        // Many at once: each must wait its whole delay whatever the order they were queued in.
        var concurrent = await Task.WhenAll(delays.Select(d => LatenessAsync(d, Provider)));
        Assert.All(concurrent, late => Assert.True(late >= 0, $"a delay ended {-late:0.###} ms early"));

        // One after the other, against .NET's own timers on the same host in the same test: those count in whole
        // coarse-clock milliseconds and Task.Delay truncates to whole ones, so they wake further from the due time.
        var precise = new List<double>();
        var system = new List<double>();
        foreach (var delay in delays)
        {
            precise.Add(await LatenessAsync(delay, Provider));
            system.Add(Math.Abs(await LatenessAsync(delay, TimeProvider.System)));
        }

        Assert.All(precise, late => Assert.True(late >= 0, $"a delay ended {-late:0.###} ms early"));
        Assert.True(Median(precise) < Median(system), $"median lateness {Median(precise):0.###} ms, system timers {Median(system):0.###} ms off");
    }

    [Fact]
    public async Task A_timer_fires_when_changed_repeats_with_its_period_and_stops_when_disposed()
    {
        var fired = 0;
        var twice = new TaskCompletionSource();
        var timer = Provider.CreateTimer(_ =>
        {
            if (Interlocked.Increment(ref fired) == 2)
            {
                twice.SetResult();
            }
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Equal(0, Volatile.Read(ref fired));

        Assert.True(timer.Change(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)));
        await twice.Task.WaitAsync(TimeSpan.FromSeconds(10));
        timer.Dispose();

        Assert.False(timer.Change(TimeSpan.Zero, TimeSpan.Zero));
        // A one-shot timer due after the disposed timer's next period has fired (timers fire in due order) before
        // the count is read; a callback the timer thread had already handed to the thread pool may still run.
        var after = Volatile.Read(ref fired);
        await HighResolutionTimeProvider.DelayAsync(Provider, TimeSpan.FromMilliseconds(10), CancellationToken.None);
        Assert.InRange(Volatile.Read(ref fired), after, after + 1);
    }

    private static async Task<double> LatenessAsync(TimeSpan delay, TimeProvider provider)
    {
        var due = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        await HighResolutionTimeProvider.DelayAsync(provider, delay, CancellationToken.None);
        return Stopwatch.GetElapsedTime(due, Stopwatch.GetTimestamp()).TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
