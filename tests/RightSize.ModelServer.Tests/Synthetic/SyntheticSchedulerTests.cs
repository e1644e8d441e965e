using RightSize.ModelServer.Synthetic;

namespace RightSize.ModelServer.Tests.Synthetic;

public sealed class SyntheticSchedulerTests
{
    private static SyntheticScheduler Scheduler(SyntheticOptions options) => new(options, origin: 0, new Random(1));

    private static long Ms(double milliseconds) => SyntheticScheduler.Ticks(TimeSpan.FromMilliseconds(milliseconds));

    [Fact]
    public void Requests_queue_fifo_behind_the_slots()
    {
        var scheduler = Scheduler(new SyntheticOptions { Slots = 2, ServiceTime = TimeSpan.FromMilliseconds(10) });

        var finishes = Enumerable.Range(0, 6).Select(_ => scheduler.Admit(Ms(1)).Finish).ToArray();

        Assert.Equal([Ms(11), Ms(11), Ms(21), Ms(21), Ms(31), Ms(31)], finishes);
    }

    [Fact]
    public void A_request_arriving_at_a_free_slot_starts_at_once()
    {
        var scheduler = Scheduler(new SyntheticOptions { Slots = 1, ServiceTime = TimeSpan.FromMilliseconds(10) });

        scheduler.Admit(Ms(0));

        Assert.Equal(Ms(60), scheduler.Admit(Ms(50)).Finish);
    }

    [Fact]
    public void Jitter_stays_within_bounds_and_averages_to_the_service_time()
    {
        var scheduler = Scheduler(new SyntheticOptions
        {
            Slots = 10_000,
            ServiceTime = TimeSpan.FromMilliseconds(20),
            Jitter = TimeSpan.FromMilliseconds(5),
        });

        var services = Enumerable.Range(0, 10_000).Select(_ => scheduler.Admit(0).Finish).ToArray();

        Assert.All(services, s => Assert.InRange(s, Ms(15), Ms(25)));
        Assert.InRange(services.Average(), Ms(19.8), Ms(20.2));
    }

    [Fact]
    public void Error_rate_picks_that_fraction_of_requests()
    {
        var scheduler = Scheduler(new SyntheticOptions { Slots = 1, ServiceTime = TimeSpan.FromMilliseconds(1), ErrorRate = 0.25 });

        var failures = Enumerable.Range(0, 20_000).Count(_ => scheduler.Admit(0).Fails);

        Assert.InRange(failures / 20_000.0, 0.24, 0.26);
    }
}
