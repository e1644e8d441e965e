namespace RightSize.Autoscaling;

/// <summary>
/// A scaling policy played minute by minute against the validation run's rise-and-fall traffic without running
/// anything: the same <see cref="TargetTrackingAutoscaler"/> and <see cref="RiseAndFallArrivals"/> as
/// <c>autoscaling simulate</c>, on a clock that steps a minute at a time, with each minute's latency read from what a
/// load test measured at that per-instance load (<see cref="LatencyCurve"/>). Pure computation: the dashboard runs it
/// for a completed job. New capacity serves from the minute after the decision (an instance takes time to start).
/// </summary>
public static class ModeledSimulation
{
    /// <summary>Longest run, in simulated minutes; bounds the work one request can ask for.</summary>
    public const int MaxMinutes = 24 * 60;

    public static ModeledSimulationReport Run(ModeledSimulationSettings settings, LatencyCurve latency)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(latency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Minutes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.Minutes, MaxMinutes);
        var clock = new StepClock();
        var autoscaler = new TargetTrackingAutoscaler(
            new AutoscalerOptions(settings.TargetValue)
            {
                MinInstances = settings.MinInstances,
                MaxInstances = settings.MaxInstances,
                ScaleInCooldown = TimeSpan.FromSeconds(settings.ScaleInCooldownSeconds),
                ScaleOutCooldown = TimeSpan.FromSeconds(settings.ScaleOutCooldownSeconds),
            },
            clock);
        var traffic = new RiseAndFallArrivals(settings.LowRps, settings.PeakRps, TimeSpan.FromMinutes(settings.Minutes));
        var minutes = new List<ModeledMinute>(settings.Minutes);
        var inService = settings.MinInstances;
        for (var minute = 1; minute <= settings.Minutes; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            // The minute's mean rate: the pattern's rate at its middle (the pattern is piecewise linear).
            var offered = traffic.RateAt(TimeSpan.FromMinutes(minute - 0.5)) * 60;
            var perInstance = offered / inService;
            var decision = autoscaler.Evaluate(perInstance);
            var point = latency.At(perInstance);
            minutes.Add(new ModeledMinute(
                minute,
                Math.Round(offered, 1),
                inService,
                autoscaler.Desired,
                Math.Round(perInstance, 1),
                point?.P95Ms,
                point?.P99Ms,
                point is null,
                decision.Changed ? $"{decision.From} -> {decision.To}: {decision.Reason}" : decision.Reason));
            inService = autoscaler.Desired;
        }

        var beyond = minutes.Where(m => m.BeyondMeasured).Select(m => m.Minute).ToList();
        var over = minutes.Where(m => m.P95Ms > settings.LatencyThresholdMs).Select(m => m.Minute).ToList();
        var peak = minutes.Max(m => m.Instances);
        var final = minutes[^1].Instances;
        return new ModeledSimulationReport(settings, minutes, peak, final, beyond, over, Summary(settings, peak, final, beyond, over, minutes[0].Instances));
    }

    private static string Summary(ModeledSimulationSettings s, int peak, int final, List<int> beyond, List<int> over, int first) => string.Join("; ", (string[])
    [
        beyond.Count > 0
            ? $"per-instance load beyond what the test measured in minute(s) {string.Join(", ", beyond)}: latency unknown there, more capacity needed"
            : over.Count > 0
                ? $"modeled P95 above {s.LatencyThresholdMs:0.##} ms in minute(s) {string.Join(", ", over)}"
                : $"modeled P95 at most {s.LatencyThresholdMs:0.##} ms in every minute",
        peak > first ? $"scaled out to {peak} instances" : "did not scale out",
        final < peak ? $"scaled in to {final}" : $"did not release instances (still {final})",
    ]);

    /// <summary>A clock the run advances itself, so cooldowns and the scale-in period pass in simulated minutes.</summary>
    private sealed class StepClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}

/// <summary>A modeled run's inputs: the policy (target, capacity, cooldowns), the traffic's low and peak rates and length.</summary>
/// <param name="TargetValue">Invocations per instance per minute.</param>
public sealed record ModeledSimulationSettings(
    double TargetValue, int MinInstances, int MaxInstances, double LowRps, double PeakRps, int Minutes,
    int ScaleInCooldownSeconds, int ScaleOutCooldownSeconds, double LatencyThresholdMs);

/// <summary>One simulated minute. Latency is null where the per-instance load is beyond what the test measured.</summary>
public sealed record ModeledMinute(
    int Minute, double OfferedInvocationsPerMinute, int Instances, int DesiredInstances, double InvocationsPerInstance,
    double? P95Ms, double? P99Ms, bool BeyondMeasured, string Action);

/// <summary>The run's minutes and what they show.</summary>
public sealed record ModeledSimulationReport(
    ModeledSimulationSettings Settings, IReadOnlyList<ModeledMinute> Minutes, int PeakInstances, int FinalInstances,
    IReadOnlyList<int> MinutesBeyondMeasured, IReadOnlyList<int> MinutesOverThreshold, string Summary);
