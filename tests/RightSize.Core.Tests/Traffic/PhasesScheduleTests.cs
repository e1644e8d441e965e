using RightSize.Traffic;

namespace RightSize.Core.Tests.Traffic;

public sealed class PhasesScheduleTests
{
    private static readonly PhaseSpec SeedPhase = new(InitialUsers: 1, SpawnRatePerMinute: 1, TimeSpan.FromSeconds(120));

    [Fact]
    public void Spawn_rate_adds_one_user_every_60_over_rate_seconds()
    {
        var phases = new PhasesSchedule([new PhaseSpec(2, 3, TimeSpan.FromSeconds(120))]);

        Assert.Equal(2, phases.UsersAt(TimeSpan.Zero));
        Assert.Equal(2, phases.UsersAt(TimeSpan.FromSeconds(19.99)));
        Assert.Equal(3, phases.UsersAt(TimeSpan.FromSeconds(20)));
        Assert.Equal(4, phases.UsersAt(TimeSpan.FromSeconds(40)));
        Assert.Equal(7, phases.UsersAt(TimeSpan.FromSeconds(100)));
        Assert.Equal(0, phases.UsersAt(TimeSpan.FromSeconds(120)));
    }

    [Fact]
    public void Seed_phases_reset_to_the_next_initial_users_at_the_phase_change()
    {
        var phases = new PhasesSchedule([SeedPhase, SeedPhase]);

        Assert.Equal(TimeSpan.FromSeconds(240), phases.Duration);
        Assert.Equal(1, phases.UsersAt(TimeSpan.FromSeconds(59)));
        Assert.Equal(2, phases.UsersAt(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, phases.UsersAt(TimeSpan.FromSeconds(119)));
        Assert.Equal(1, phases.UsersAt(TimeSpan.FromSeconds(120)));
        Assert.Equal(2, phases.UsersAt(TimeSpan.FromSeconds(180)));
    }

    [Fact]
    public void Zero_spawn_rate_holds_the_initial_users()
    {
        var phases = new PhasesSchedule([new PhaseSpec(3, 0, TimeSpan.FromSeconds(30))]);

        Assert.Equal(3, phases.UsersAt(TimeSpan.FromSeconds(29)));
        Assert.Equal(TimeSpan.FromSeconds(30), phases.NextChangeAfter(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Next_change_lands_on_every_spawn_and_every_phase_boundary()
    {
        var phases = new PhasesSchedule([SeedPhase, new PhaseSpec(3, 2, TimeSpan.FromSeconds(60))]);
        var changes = new List<double>();
        TimeSpan? t = TimeSpan.Zero;
        while ((t = phases.NextChangeAfter(t!.Value)) is { } next)
        {
            changes.Add(next.TotalSeconds);
        }

        Assert.Equal([60.0, 120.0, 150.0, 180.0], changes);
    }
}
