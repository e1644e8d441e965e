namespace RightSize.Jobs;

/// <summary>
/// The limits that relaxed validation widens: traffic durations, user counts, percentiles, MaxInvocations. SpawnRate is
/// not one: SageMaker sets only its minimum (<see cref="TrafficPatternRules"/>).
/// </summary>
internal sealed record JobLimits(
    IntRange TrafficDuration,
    IntRange InitialUsers,
    IntRange UsersPerStep,
    long MaxUserJump,
    IntRange MaxInvocations,
    IReadOnlyList<string> Percentiles)
{
    /// <summary>SageMaker's documented ranges (custom load test page and API reference).</summary>
    public static JobLimits Strict { get; } = new(
        new(120, 3600), new(1, 3), new(1, 3), 3, new(1, 30_000), ["P95", "P99"]);

    public static JobLimits Relaxed { get; } = new(
        new(1, 3600), new(1, 10_000), new(1, 10_000), 10_000, new(1, 10_000_000),
        ["P50", "P90", "P95", "P99", "P999"]);
}
