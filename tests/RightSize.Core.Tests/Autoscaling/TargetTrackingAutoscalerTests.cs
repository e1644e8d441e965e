using Microsoft.Extensions.Time.Testing;
using RightSize.Autoscaling;
using RightSize.Core.Tests.Infrastructure;

namespace RightSize.Core.Tests.Autoscaling;

public sealed class TargetTrackingAutoscalerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _time = new();

    private static AutoscalerOptions Options => new(1000)
    {
        MinInstances = 1,
        MaxInstances = 4,
        ScaleOutCooldown = TimeSpan.FromMinutes(3),
        ScaleInCooldown = TimeSpan.FromMinutes(5),
        ScaleInPeriod = TimeSpan.FromMinutes(5),
    };

    [Fact]
    public void Starts_at_the_minimum()
    {
        Assert.Equal(2, new TargetTrackingAutoscaler(Options with { MinInstances = 2 }, _time).Desired);
    }

    [Fact]
    public void Above_target_scales_out_at_once_in_proportion()
    {
        var autoscaler = new TargetTrackingAutoscaler(Options, _time);

        var decision = autoscaler.Evaluate(2500);

        Assert.True(decision.Changed);
        Assert.Equal((1, 3), (decision.From, decision.To));
        Assert.Equal(3, autoscaler.Desired);
    }

    [Fact]
    public void Scale_out_stops_at_the_maximum()
    {
        var autoscaler = new TargetTrackingAutoscaler(Options, _time);

        Assert.Equal(4, autoscaler.Evaluate(10_000).To);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(autoscaler.Evaluate(10_000).Changed);
    }

    [Fact]
    public void A_second_scale_out_waits_for_the_scale_out_cooldown()
    {
        var autoscaler = new TargetTrackingAutoscaler(Options, _time);
        autoscaler.Evaluate(1500);

        _time.Advance(Minute);
        var held = autoscaler.Evaluate(1500);
        _time.Advance(2 * Minute);
        var scaled = autoscaler.Evaluate(1500);

        Assert.False(held.Changed);
        Assert.Contains("cooldown", held.Reason, StringComparison.Ordinal);
        Assert.Equal((2, 3), (scaled.From, scaled.To));
    }

    [Fact]
    public void Scale_in_only_after_the_metric_stays_more_than_10_percent_below_target_for_the_period()
    {
        var autoscaler = new TargetTrackingAutoscaler(Options with { MinInstances = 1 }, _time);
        autoscaler.Evaluate(4000);
        Assert.Equal(4, autoscaler.Desired);

        // 4 instances at 400 per instance: 1600 in all, 2 instances would do. Low for 4 minutes, then a blip near target.
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(Minute);
            Assert.False(autoscaler.Evaluate(400).Changed);
        }

        _time.Advance(Minute);
        Assert.False(autoscaler.Evaluate(950).Changed);

        // Low again: the period starts over.
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(Minute);
            Assert.False(autoscaler.Evaluate(400).Changed);
        }

        _time.Advance(Minute);
        var decision = autoscaler.Evaluate(400);
        Assert.Equal((4, 2), (decision.From, decision.To));
    }

    [Fact]
    public void A_second_scale_in_waits_for_the_scale_in_cooldown_and_stops_at_the_minimum()
    {
        var autoscaler = new TargetTrackingAutoscaler(Options with { MinInstances = 2, ScaleInPeriod = TimeSpan.FromMinutes(2) }, _time);
        autoscaler.Evaluate(2000);
        Assert.Equal(4, autoscaler.Desired);
        autoscaler.Evaluate(100);
        _time.Advance(2 * Minute);
        Assert.Equal(2, autoscaler.Evaluate(100).To);

        _time.Advance(Minute);
        var held = autoscaler.Evaluate(100);
        _time.Advance(10 * Minute);
        var atMinimum = autoscaler.Evaluate(100);

        Assert.False(held.Changed);
        Assert.Equal(2, autoscaler.Desired);
        Assert.Contains("minimum", atMinimum.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Near_target_holds()
    {
        var autoscaler = new TargetTrackingAutoscaler(Options with { MinInstances = 2 }, _time);

        for (var i = 0; i < 20; i++)
        {
            _time.Advance(Minute);
            Assert.False(autoscaler.Evaluate(920).Changed);
        }
    }
}
