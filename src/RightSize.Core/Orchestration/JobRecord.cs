using RightSize.Jobs;
namespace RightSize.Orchestration;

/// <summary>A job's live state. The runner writes it; observers and describers read consistent snapshots under its lock.</summary>
public sealed class JobRecord
{
    public JobRecord(JobPlan plan, DateTimeOffset creationTime)
    {
        Plan = plan;
        CreationTime = creationTime;
        LastModifiedTime = creationTime;
        Tests = [.. plan.Tests.Select(t => new TestRecord(t))];
    }

    public JobPlan Plan { get; }

    public object Sync { get; } = new();

    public RecommendationStatus Status { get; internal set; } = RecommendationStatus.Pending;

    public DateTimeOffset CreationTime { get; }

    public DateTimeOffset LastModifiedTime { get; internal set; }

    public DateTimeOffset? CompletionTime { get; internal set; }

    public string? FailureReason { get; internal set; }

    public IReadOnlyList<TestRecord> Tests { get; }

    /// <summary>
    /// This job on <paramref name="plan"/> (the same tests, its payloads set aside or put back), its tests' state
    /// carried over: a resumed job (<see cref="JobResumption"/>) keeps what it restored.
    /// </summary>
    public JobRecord WithPlan(JobPlan plan)
    {
        var copy = new JobRecord(plan, CreationTime);
        foreach (var (test, from) in copy.Tests.Zip(Tests))
        {
            test.CopyFrom(from);
        }

        return copy;
    }
}
