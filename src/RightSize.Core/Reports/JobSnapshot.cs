using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Stopping;
using RightSize.Windows;

namespace RightSize.Reports;

/// <summary>
/// A consistent copy of a job's record, taken under its lock, so that writing a report to a slow stream never holds
/// the lock the runner needs and never sees a window list that grows while it is enumerated.
/// </summary>
internal sealed record JobSnapshot
{
    public required JobPlan Plan { get; init; }
    public required RecommendationStatus Status { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }
    public string? FailureReason { get; init; }
    public required IReadOnlyList<TestSnapshot> Tests { get; init; }

    /// <summary>The recommendations exactly as describe.json ranks them.</summary>
    public required IReadOnlyList<InferenceRecommendation> Recommendations { get; init; }

    public static JobSnapshot Take(JobRecord job)
    {
        lock (job.Sync)
        {
            return new JobSnapshot
            {
                Plan = job.Plan,
                Status = job.Status,
                CreationTime = job.CreationTime,
                LastModifiedTime = job.LastModifiedTime,
                CompletionTime = job.CompletionTime,
                FailureReason = job.FailureReason,
                Tests = [.. job.Tests.Select(TestSnapshot.Take)],
                Recommendations = JobDescriber.Describe(job).InferenceRecommendations ?? [],
            };
        }
    }

    /// <summary>The test a recommendation came from (recommendation ids are derived from the test index).</summary>
    public TestSnapshot TestOf(InferenceRecommendation recommendation) =>
        Tests.First(t => JobDescriber.RecommendationId(Plan.JobName, t.Plan.Index) == recommendation.RecommendationId);
}

internal sealed record TestSnapshot
{
    public required TestPlan Plan { get; init; }
    public required RecommendationStatus Status { get; init; }
    public StopReason? StopReason { get; init; }
    public string? FailureReason { get; init; }
    public TestMetrics? Metrics { get; init; }
    public TimeSpan? ModelSetupTime { get; init; }
    public DateTimeOffset? InvocationStartTime { get; init; }
    public DateTimeOffset? InvocationEndTime { get; init; }
    public required IReadOnlyList<WindowStats> Windows { get; init; }
    public required IReadOnlyList<Caveat> Caveats { get; init; }

    /// <summary>
    /// Whether <paramref name="window"/> is the test's peak window. Compared by position, not by reference, so a
    /// record rebuilt from storage still finds its peak.
    /// </summary>
    public bool IsPeak(WindowStats window) => Metrics?.PeakWindow.EndSecond == window.EndSecond;

    public static TestSnapshot Take(TestRecord test) => new()
    {
        Plan = test.Plan,
        Status = test.Status,
        StopReason = test.StopReason,
        FailureReason = test.FailureReason,
        Metrics = test.Metrics,
        ModelSetupTime = test.ModelSetupTime,
        InvocationStartTime = test.InvocationStartTime,
        InvocationEndTime = test.InvocationEndTime,
        Windows = [.. test.Windows],
        Caveats = [.. test.Caveats],
    };
}
