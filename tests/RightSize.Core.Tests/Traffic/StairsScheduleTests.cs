using RightSize.Traffic;

namespace RightSize.Core.Tests.Traffic;

public sealed class StairsScheduleTests
{
    [Fact]
    public void Seed_example_600_seconds_in_5_steps_gives_120_second_steps()
    {
        var stairs = new StairsSchedule(TimeSpan.FromSeconds(600), numberOfSteps: 5, usersPerStep: 2);

        Assert.Equal(TimeSpan.FromSeconds(120), stairs.StepDuration);
        Assert.Equal(2, stairs.UsersAt(TimeSpan.Zero));
        Assert.Equal(2, stairs.UsersAt(TimeSpan.FromSeconds(119.999)));
        Assert.Equal(4, stairs.UsersAt(TimeSpan.FromSeconds(120)));
        Assert.Equal(6, stairs.UsersAt(TimeSpan.FromSeconds(240)));
        Assert.Equal(8, stairs.UsersAt(TimeSpan.FromSeconds(360)));
        Assert.Equal(10, stairs.UsersAt(TimeSpan.FromSeconds(599.9)));
        Assert.Equal(0, stairs.UsersAt(TimeSpan.FromSeconds(600)));
    }

    [Fact]
    public void Next_change_is_the_next_step_boundary_then_the_end()
    {
        var stairs = new StairsSchedule(TimeSpan.FromSeconds(240), numberOfSteps: 2, usersPerStep: 2);

        Assert.Equal(TimeSpan.FromSeconds(120), stairs.NextChangeAfter(TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(240), stairs.NextChangeAfter(TimeSpan.FromSeconds(120)));
        Assert.Null(stairs.NextChangeAfter(TimeSpan.FromSeconds(240)));
    }

    [Fact]
    public void Following_next_change_visits_every_step_once()
    {
        var stairs = new StairsSchedule(TimeSpan.FromSeconds(10), numberOfSteps: 4, usersPerStep: 3);
        var seen = new List<int>();
        TimeSpan? t = TimeSpan.Zero;
        while (t is { } now && now < stairs.Duration)
        {
            seen.Add(stairs.UsersAt(now));
            t = stairs.NextChangeAfter(now);
        }

        Assert.Equal([3, 6, 9, 12], seen);
    }
}
