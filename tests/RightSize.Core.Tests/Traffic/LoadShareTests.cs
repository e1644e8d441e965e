using RightSize.Traffic;

namespace RightSize.Core.Tests.Traffic;

public sealed class LoadShareTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(16)]
    public void Shares_of_a_schedule_sum_to_its_users_at_every_second(int generators)
    {
        // 5 users adding 60 a minute for 30 s, then 40 adding 180 a minute for 60 s: many counts, most not multiples of K.
        var whole = new PhasesSchedule([new PhaseSpec(5, 60, TimeSpan.FromSeconds(30)), new PhaseSpec(40, 180, TimeSpan.FromSeconds(60))]);
        var shares = Enumerable.Range(0, generators).Select(i => new LoadShare(generators, i).Of(whole)).ToList();
        for (var t = 0; t < 90; t++)
        {
            var at = TimeSpan.FromSeconds(t + 0.5);
            var users = shares.Select(s => s.UsersAt(at)).ToList();
            Assert.Equal(whole.UsersAt(at), users.Sum());
            // Equal parts: no generator carries more than one user above another.
            Assert.True(users.Max() - users.Min() <= 1);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Shares_of_an_arrival_schedule_are_exactly_its_arrivals(int generators)
    {
        var whole = new RateArrivals(1_000, 50, TimeSpan.FromSeconds(3));
        var merged = Enumerable.Range(0, generators).SelectMany(i => new LoadShare(generators, i).Of(whole).Arrivals()).Order().ToList();
        Assert.Equal(whole.Arrivals().ToList(), merged);
    }

    [Fact]
    public void Impossible_shares_say_why()
    {
        Assert.Null(new LoadShare(2, 1).Check());
        Assert.Contains("index 2", new LoadShare(2, 2).Check(), StringComparison.Ordinal);
        Assert.Contains("at least 1", new LoadShare(0, 0).Check(), StringComparison.Ordinal);
    }
}
