using RightSize.Jobs;
using RightSize.Results;
using RightSize.Stopping;
using RightSize.Windows;

namespace RightSize.Orchestration;

/// <summary>What the store kept of one test of a job a killed server left unfinished.</summary>
public sealed record KeptTest
{
    public required int Index { get; init; }

    public required RecommendationStatus Status { get; init; }

    public StopReason? StopReason { get; init; }

    public string? FailureReason { get; init; }

    /// <summary>The test's windows in time order.</summary>
    public IReadOnlyList<WindowStats> Windows { get; init; } = [];

    /// <summary>Where the peak window ends (a completed test's numbers come from it).</summary>
    public int? PeakWindowEndSecond { get; init; }

    public IReadOnlyList<Caveat> Caveats { get; init; } = [];

    public TimeSpan? ModelSetupTime { get; init; }

    public DateTimeOffset? InvocationStartTime { get; init; }

    public DateTimeOffset? InvocationEndTime { get; init; }
}

/// <summary>
/// A job resumed after the server that ran it was killed: finished tests keep what the store kept (a completed test's
/// numbers recomputed from its stored peak window, as the runner computed them), a test that was running runs once more
/// from the start with a note naming the restart, and tests not started yet run as planned.
/// </summary>
public static class JobResumption
{
    private const string RerunPrefix = "re-run from the start: the RightSize server stopped during this test";

    /// <summary>The note of a test re-run after a restart at <paramref name="restartedAt"/>.</summary>
    public static string RerunNote(DateTimeOffset restartedAt) => $"{RerunPrefix} and restarted at {restartedAt:u}";

    /// <summary>True when the test already ran once more after a restart (a second interruption fails it).</summary>
    public static bool WasRerun(IEnumerable<Caveat> caveats) => caveats.Any(c => c.Detail.StartsWith(RerunPrefix, StringComparison.Ordinal));

    /// <param name="kept">Every test the store holds, finished or not, by index.</param>
    public static JobRecord Resume(JobPlan plan, DateTimeOffset creationTime, IReadOnlyList<KeptTest> kept, DateTimeOffset restartedAt)
    {
        var job = new JobRecord(plan, creationTime);
        foreach (var stored in kept.Where(k => k.Index >= 0 && k.Index < job.Tests.Count))
        {
            var test = job.Tests[stored.Index];
            if (stored.Status.IsTerminal())
            {
                Restore(plan, test, stored);
            }
            else if (stored.Status != RecommendationStatus.Pending)
            {
                // The first attempt's notes (its agents, its clocks) went with it: the test starts afresh.
                test.AddCaveat(new Caveat(CaveatKind.Note, RerunNote(restartedAt)));
            }
        }

        return job;
    }

    private static void Restore(JobPlan plan, TestRecord test, KeptTest stored)
    {
        test.Status = stored.Status;
        test.StopReason = stored.StopReason;
        test.FailureReason = stored.FailureReason;
        test.ModelSetupTime = stored.ModelSetupTime;
        test.InvocationStartTime = stored.InvocationStartTime;
        test.InvocationEndTime = stored.InvocationEndTime;
        foreach (var window in stored.Windows)
        {
            test.AddWindow(window);
        }

        foreach (var caveat in stored.Caveats)
        {
            test.AddCaveat(caveat);
        }

        if (stored.Status == RecommendationStatus.Completed && stored.Windows.FirstOrDefault(w => w.EndSecond == stored.PeakWindowEndSecond) is { } peak)
        {
            test.Metrics = TestRunner.MetricsOf(plan, test.Plan, peak);
        }
    }
}
