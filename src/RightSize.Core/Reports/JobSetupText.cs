using RightSize.Orchestration;
using RightSize.Traffic;

namespace RightSize.Reports;

/// <summary>Plain-language lines for how a job loads each endpoint and when it stops a test (HTML-encoded by the caller).</summary>
internal static class JobSetupText
{
    internal static string TrafficPattern(ITrafficSchedule schedule) => schedule switch
    {
        StairsSchedule s => $"STAIRS: {s.NumberOfSteps} steps of {ReportFormat.Seconds(s.StepDuration)}, {s.UsersPerStep} more users each step "
            + $"({s.UsersPerStep} to {s.UsersPerStep * s.NumberOfSteps} users), {ReportFormat.Seconds(s.Duration)} in all",
        PhasesSchedule p => "PHASES: " + string.Join("; ", p.Phases.Select((phase, i) =>
            $"phase {i + 1}: {phase.InitialUsers} users, +{phase.SpawnRatePerMinute} users/min for {ReportFormat.Seconds(phase.Duration)}")),
        ConstantSchedule c => $"constant: {c.UsersAt(TimeSpan.Zero)} users for {ReportFormat.Seconds(c.Duration)}",
        _ => $"{schedule.GetType().Name.Replace("Schedule", "", StringComparison.Ordinal)}: {ReportFormat.Seconds(schedule.Duration)}",
    };

    internal static IEnumerable<(string Name, string Value)> StoppingConditions(JobPlan plan)
    {
        var policy = plan.Policy;
        yield return ("MaxInvocations", policy.MaxInvocationsPerMinute is { } target
            ? $"{ReportFormat.Integer(target)} per minute: a test stops when a window reaches it, and the instance count is sized to it"
            : "not set: each test runs one instance");
        yield return ("ModelLatencyThresholds", policy.LatencyThreshold is { } t
            ? $"{t.Percentile} at most {ReportFormat.Number(t.ValueInMilliseconds, 3)} ms: a test stops when a window exceeds it"
            : "not set: results report P95");
        yield return ("FlatInvocations", policy.StopWhenFlat
            ? "Stop: a test stops when users grew by 20% over two windows but the best rate grew by less than 5%"
            : "Continue");
        yield return ("Error rate", "a window with 1% or more failed invocations stops the test");
        yield return ("JobDurationInSeconds", plan.JobDuration is { } d
            ? $"{ReportFormat.Seconds(d)}: no test starts after it, running tests stop at it"
            : "not set");
        yield return ("Window", $"{ReportFormat.Integer(plan.WindowSeconds)} s sliding window, evaluated every second; rates are per minute");
        yield return ("Ranking weights", $"cost {plan.Weights.Cost}, latency {plan.Weights.Latency}, throughput {plan.Weights.Throughput}");
    }
}
