using RightSize.Autoscaling;

namespace RightSize.Core.Tests.Autoscaling;

public sealed class SimulationModelTests
{
    [Fact]
    public void Traffic_rises_holds_falls_and_stays_low()
    {
        var traffic = new RiseAndFallArrivals(10, 100, TimeSpan.FromSeconds(100));

        Assert.Equal(10, traffic.RateAt(TimeSpan.Zero), 6);
        Assert.Equal(55, traffic.RateAt(TimeSpan.FromSeconds(15)), 6);
        Assert.Equal(100, traffic.RateAt(TimeSpan.FromSeconds(40)), 6);
        Assert.Equal(55, traffic.RateAt(TimeSpan.FromSeconds(65)), 6);
        Assert.Equal(10, traffic.RateAt(TimeSpan.FromSeconds(90)), 6);
    }

    [Fact]
    public void Arrivals_follow_the_rate_in_order_within_the_duration()
    {
        var traffic = new RiseAndFallArrivals(10, 100, TimeSpan.FromSeconds(100));

        var arrivals = traffic.Arrivals().ToList();

        // (10 + 100) / 2 x 30 + 100 x 20 + (100 + 10) / 2 x 30 + 10 x 20 = 5500.
        Assert.InRange(arrivals.Count, 5496, 5504);
        Assert.Equal(arrivals.Order(), arrivals);
        Assert.True(arrivals[^1] < TimeSpan.FromSeconds(100));
    }

    [Fact]
    public void Verdict_passes_when_latency_held_and_instances_went_up_and_down()
    {
        SimulationMinute[] minutes = [Minute(1, 1, 20), Minute(2, 3, 40), Minute(3, 2, 30), Minute(4, 1, 20)];

        var verdict = SimulationVerdict.Of(minutes, 50);

        Assert.True(verdict.Passed);
        Assert.Equal((3, 1), (verdict.PeakInstances, verdict.FinalInstances));
        Assert.Contains("latency held", verdict.Describe(50), StringComparison.Ordinal);
    }

    [Fact]
    public void Verdict_names_the_minutes_over_the_threshold_and_a_missing_scale_in()
    {
        SimulationMinute[] minutes = [Minute(1, 1, 20), Minute(2, 2, 80), Minute(3, 2, 30, errors: 0.02)];

        var verdict = SimulationVerdict.Of(minutes, 50);

        Assert.False(verdict.Passed);
        Assert.Equal([2, 3], verdict.MinutesOverThreshold);
        Assert.True(verdict.ScaledOut);
        Assert.False(verdict.ScaledIn);
        Assert.Contains("did NOT release", verdict.Describe(50), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_is_one_self_contained_page_with_the_charts()
    {
        SimulationMinute[] minutes = [Minute(1, 1, 20), Minute(2, 3, 40), Minute(3, 1, 20)];
        var report = new SimulationReport
        {
            TargetValue = 6000,
            MinInstances = 1,
            MaxInstances = 3,
            TimeScale = 60,
            LowRps = 10,
            PeakRps = 300,
            LatencyThresholdMs = 100,
            ScaleInCooldown = 300,
            ScaleOutCooldown = 300,
            Minutes = minutes,
            Verdict = SimulationVerdict.Of(minutes, 100),
            Summary = "<ok>",
            InstancesStarted = 3,
        };
        using var html = new StringWriter();

        SimulationHtml.Write(report, html);

        var text = html.ToString();
        Assert.Contains("<svg", text, StringComparison.Ordinal);
        Assert.Contains("Invocations per instance", text, StringComparison.Ordinal);
        Assert.Contains("&lt;ok&gt;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", text, StringComparison.Ordinal);
    }

    private static SimulationMinute Minute(int minute, int instances, double p95, double errors = 0) =>
        new(minute, 100, instances, instances, 5000, p95, p95 * 1.2, errors, "");
}
