namespace RightSize.Autoscaling;

/// <summary>One (scaled) minute of a validation run, as CloudWatch would show it.</summary>
/// <param name="Minute">Minutes since the start (simulated time).</param>
/// <param name="OfferedRps">The traffic pattern's rate at the end of the minute, requests per second.</param>
/// <param name="Instances">Instances in the balancer's rotation during the minute's evaluation.</param>
/// <param name="DesiredInstances">The autoscaler's desired capacity after evaluating the minute.</param>
/// <param name="InvocationsPerInstance">The metric: invocations per instance per minute.</param>
/// <param name="Action">What the autoscaler did and why.</param>
public sealed record SimulationMinute(
    int Minute, double OfferedRps, int Instances, int DesiredInstances, double InvocationsPerInstance, double P95Ms, double P99Ms, double ErrorRate, string Action)
{
    /// <summary>Invocations the balancer sent to each instance in rotation during the minute (round robin: even).</summary>
    public IReadOnlyList<long> InstanceInvocations { get; init; } = [];
}

/// <summary>Did the policy work: latency held while scaling out, instances released while scaling in.</summary>
public sealed record SimulationVerdict(bool LatencyHeld, bool ScaledOut, bool ScaledIn, int PeakInstances, int FinalInstances, IReadOnlyList<int> MinutesOverThreshold)
{
    public bool Passed => LatencyHeld && ScaledOut && ScaledIn;

    /// <summary>
    /// Latency held: no minute's P95 above the threshold and no minute with 1% errors or more. Scaled out: more
    /// instances than at the start at some minute. Scaled in: fewer instances at the end than at the peak.
    /// </summary>
    public static SimulationVerdict Of(IReadOnlyList<SimulationMinute> minutes, double latencyThresholdMs)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        if (minutes.Count == 0)
        {
            return new SimulationVerdict(false, false, false, 0, 0, []);
        }

        var over = minutes.Where(m => m.P95Ms > latencyThresholdMs || m.ErrorRate >= 0.01).Select(m => m.Minute).ToList();
        var peak = minutes.Max(m => m.Instances);
        var final = minutes[^1].Instances;
        return new SimulationVerdict(over.Count == 0, peak > minutes[0].Instances, final < peak, peak, final, over);
    }

    public string Describe(double latencyThresholdMs) => string.Join("; ", (string[])
    [
        LatencyHeld
            ? $"latency held: P95 at most {latencyThresholdMs:0.##} ms and errors below 1% in every minute"
            : $"latency NOT held: P95 above {latencyThresholdMs:0.##} ms or errors of 1% or more in minute(s) {string.Join(", ", MinutesOverThreshold)}",
        ScaledOut ? $"scaled out to {PeakInstances} instances" : "did NOT scale out",
        ScaledIn ? $"scaled in to {FinalInstances} instance(s)" : $"did NOT release instances (still {FinalInstances})",
    ]);
}

/// <summary>A validation run's settings, minutes and verdict: what <c>autoscaling simulate --json</c> prints.</summary>
public sealed record SimulationReport
{
    public required double TargetValue { get; init; }
    public required int MinInstances { get; init; }
    public required int MaxInstances { get; init; }
    public required double TimeScale { get; init; }
    public required double LowRps { get; init; }
    public required double PeakRps { get; init; }
    public required double LatencyThresholdMs { get; init; }
    public required int ScaleInCooldown { get; init; }
    public required int ScaleOutCooldown { get; init; }
    public required IReadOnlyList<SimulationMinute> Minutes { get; init; }
    public required SimulationVerdict Verdict { get; init; }
    public required string Summary { get; init; }

    /// <summary>Instances started during the run, all stopped at its end.</summary>
    public required int InstancesStarted { get; init; }
}
