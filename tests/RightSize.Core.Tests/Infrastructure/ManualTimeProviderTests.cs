namespace RightSize.Core.Tests.Infrastructure;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Timers_fire_at_their_due_times_in_order()
    {
        var time = new ManualTimeProvider();
        var fired = new List<(string Name, TimeSpan At)>();
        using var once = time.CreateTimer(_ => fired.Add(("once", time.Now)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var periodic = time.CreateTimer(_ => fired.Add(("tick", time.Now)), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(3.5));

        Assert.Equal(
            [("tick", TimeSpan.FromSeconds(1)), ("tick", TimeSpan.FromSeconds(2)), ("once", TimeSpan.FromSeconds(2)), ("tick", TimeSpan.FromSeconds(3))],
            fired.OrderBy(f => f.At).ThenBy(f => f.Name == "once" ? 1 : 0));
        Assert.Equal(TimeSpan.FromSeconds(3.5), time.Now);
        Assert.Equal(TimeSpan.FromSeconds(3.5).Ticks, time.GetTimestamp());
        Assert.Equal(1, time.ActiveTimers);
    }

    [Fact]
    public async Task Task_delay_on_the_manual_clock_completes_only_when_advanced()
    {
        var time = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), time);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Disposed_and_changed_timers_do_not_fire()
    {
        var time = new ManualTimeProvider();
        var count = 0;
        var disposed = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var stopped = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        stopped.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, count);
        Assert.Equal(0, time.ActiveTimers);
    }
}
