using RightSize.Traffic;

namespace RightSize.Core.Tests.Traffic;

public sealed class RateArrivalsTests
{
    [Fact]
    public void A_constant_rate_spaces_arrivals_evenly_from_zero()
    {
        var arrivals = new RateArrivals(200, TimeSpan.FromSeconds(2)).Arrivals().ToList();

        Assert.Equal(400, arrivals.Count);
        Assert.Equal(TimeSpan.Zero, arrivals[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(5), arrivals[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(1995), arrivals[^1]);
    }

    [Fact]
    public void A_ramp_follows_the_integral_of_its_rate()
    {
        // 0 -> 100/s over 10 s: N(t) = 5 t^2, so 500 arrivals, 125 of them in the first half.
        var arrivals = new RateArrivals(0, 100, TimeSpan.FromSeconds(10)).Arrivals().ToList();

        Assert.InRange(arrivals.Count, 499, 500);
        Assert.InRange(arrivals.Count(a => a < TimeSpan.FromSeconds(5)), 125, 126);
        Assert.Equal(arrivals.Order(), arrivals);
    }

    [Fact]
    public void A_falling_ramp_ends_at_its_duration()
    {
        var arrivals = new RateArrivals(100, 0, TimeSpan.FromSeconds(4)).Arrivals().ToList();

        Assert.InRange(arrivals.Count, 199, 200);
        Assert.True(arrivals[^1] < TimeSpan.FromSeconds(4));
        Assert.InRange(arrivals.Count(a => a < TimeSpan.FromSeconds(2)), 149, 151);
    }

    [Fact]
    public void Poisson_arrivals_have_the_rate_and_exponential_gaps()
    {
        var arrivals = new RateArrivals(1000, TimeSpan.FromSeconds(100), ArrivalProcess.Poisson, seed: 7).Arrivals().ToList();
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        var mean = gaps.Average();
        var variance = gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Count;

        Assert.InRange(arrivals.Count, 99_000, 101_000);
        // An exponential distribution's standard deviation equals its mean.
        Assert.InRange(Math.Sqrt(variance) / mean, 0.97, 1.03);
        Assert.Equal(arrivals, new RateArrivals(1000, TimeSpan.FromSeconds(100), ArrivalProcess.Poisson, seed: 7).Arrivals());
    }

    [Fact]
    public void Invalid_rates_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateArrivals(0, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateArrivals(-1, 5, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateArrivals(5, TimeSpan.Zero));
    }
}
