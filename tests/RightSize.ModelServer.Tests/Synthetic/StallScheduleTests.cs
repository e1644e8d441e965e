using RightSize.ModelServer.Synthetic;

namespace RightSize.ModelServer.Tests.Synthetic;

public sealed class StallScheduleTests
{
    // Stalls every 100 ticks for 30 ticks: [100, 130), [200, 230), ... (none at the origin).
    private readonly StallSchedule _stalls = new(origin: 0, every: 100, duration: 30);

    [Theory]
    [InlineData(0, 50, 50)]
    [InlineData(40, 60, 100)]
    [InlineData(90, 20, 140)]
    [InlineData(110, 10, 140)]
    [InlineData(130, 10, 140)]
    [InlineData(150, 200, 440)]
    public void Work_makes_no_progress_during_stalls(long start, long work, long finish)
        => Assert.Equal(finish, _stalls.Finish(start, work));

    [Fact]
    public void No_stalls_means_start_plus_work()
        => Assert.Equal(1234, StallSchedule.None.Finish(1000, 234));
}
