using RightSize.Fleet.Placement;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Server.Api;
using RightSize.Server.Storage;
using RightSize.Stopping;

namespace RightSize.Server.Hosting;

/// <summary>
/// On a fleet (serve --nats) a coordinator killed with -9 resumes from the store at its next start: what the dead one
/// left on agents is stopped first, finished tests are kept, a test that was running runs once more from the start (its
/// notes name the restart), and the job is queued again. A test interrupted during its re-run fails (twice is a pattern,
/// not an accident); a job that was stopping, or no longer plans (its model is gone), fails as <see cref="Recovery"/> does.
/// </summary>
internal static class JobResume
{
    public const string TwiceReason = "interrupted twice: the RightSize server stopped during this test, and again during its re-run; run it in a new job";

    /// <summary>Resumes every unfinished job; returns how many were queued again and how many failed with a reason.</summary>
    public static async Task<(int Resumed, int Failed)> ResumeAsync(ServerState state, IFleetLeftovers agents, CancellationToken cancellationToken)
    {
        var store = state.Store;
        var now = state.Time.GetUtcNow();
        var unfinished = new List<(StoredJob Job, IReadOnlyList<StoredTest> Tests)>();
        foreach (var job in (await store.ListJobsAsync(new JobQuery { Ascending = true }, cancellationToken)).Where(j => !j.Status.IsTerminal()))
        {
            unfinished.Add((job, await store.ListTestsAsync(job.JobName, cancellationToken)));
        }

        if (unfinished.Count == 0)
        {
            return (0, 0);
        }

        // Before anything runs again: no endpoint or load of the dead coordinator may share an agent with the re-run.
        await agents.StopLeftoversAsync([.. unfinished.SelectMany(u => u.Tests.Where(WasRunning)).Select(t => t.EndpointName)], cancellationToken);
        var resumed = 0;
        foreach (var (job, tests) in unfinished)
        {
            var why = job.Status == RecommendationStatus.Stopping ? "it was being stopped" : await ResumeJobAsync(state, job, tests, now, cancellationToken);
            if (why is null)
            {
                resumed++;
                continue;
            }

            foreach (var test in tests.Where(t => !t.Status.IsTerminal()))
            {
                await store.SaveTestAsync(Recovery.FailTest(test, Recovery.InterruptedReason), cancellationToken);
            }

            await store.UpdateJobAsync(Recovery.FailJob(job, now, $"{Recovery.InterruptedReason}; not resumed: {why}"), cancellationToken);
        }

        return (resumed, unfinished.Count - resumed);
    }

    private static bool WasRunning(StoredTest test) => !test.Status.IsTerminal() && test.Status != RecommendationStatus.Pending;

    /// <summary>Queues the job again; or why it cannot be.</summary>
    private static async Task<string?> ResumeJobAsync(ServerState state, StoredJob job, IReadOnlyList<StoredTest> tests, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = JobDocument.Parse(job.RequestJson);
        var plan = request.Succeeded ? await JobCreation.PlanStoredAsync(state, request.Value!, cancellationToken) : Result<JobPlan>.Failure(request.Errors);
        if (!plan.Succeeded)
        {
            return string.Join("; ", plan.Errors.Select(e => $"{e.Path}: {e.Message}"));
        }

        // A Default job's candidates come from the catalog or the fleet's agents as they are now: resumed only if they are the same tests.
        if (tests.Any(t => t.TestIndex >= plan.Value!.Tests.Count || plan.Value.Tests[t.TestIndex].Configuration.InstanceType != t.InstanceType))
        {
            return $"its candidates changed since it was created (now {string.Join(", ", plan.Value!.Tests.Select(t => t.Configuration.InstanceType ?? "none"))})";
        }

        var store = state.Store;
        var kept = new List<KeptTest>();
        var windows = (await store.ListWindowsAsync(job.JobName, cancellationToken)).ToLookup(w => w.TestIndex, w => w.Stats);
        foreach (var test in tests)
        {
            var stored = test;
            if (WasRunning(test))
            {
                await store.DeleteWindowsAsync(job.JobName, test.TestIndex, cancellationToken);
                if (JobResumption.WasRerun(test.Caveats))
                {
                    stored = Recovery.FailTest(test, TwiceReason);
                    await store.SaveTestAsync(stored, cancellationToken);
                }
            }

            kept.Add(Kept(stored, WasRunning(test) ? [] : [.. windows[test.TestIndex]]));
        }

        if (!state.Host.TryReserve())
        {
            return $"{state.Options.MaxQueuedJobs} jobs were already waiting";
        }

        var hosted = state.Host.Prepare(JobResumption.Resume(plan.Value!, job.CreationTime, kept, now));
        if (!hosted.Succeeded)
        {
            state.Host.Release();
            return hosted.Errors[0].Message;
        }

        state.Host.Enqueue(hosted.Value!);
        return null;
    }

    private static KeptTest Kept(StoredTest test, IReadOnlyList<Windows.WindowStats> windows)
    {
        var step = SageMakerJson.Parse(test.StepJson, SageMakerJsonContext.Default.InferenceRecommendationsJobStep).Value;
        return new KeptTest
        {
            Index = test.TestIndex,
            Status = test.Status,
            StopReason = Enum.TryParse<StopReason>(test.StopReason, out var reason) ? reason : null,
            FailureReason = test.FailureReason,
            Windows = windows,
            PeakWindowEndSecond = test.PeakWindowEndSecond,
            Caveats = test.Caveats,
            ModelSetupTime = step?.InferenceBenchmark?.Metrics?.ModelSetupTime is { } setup ? TimeSpan.FromMicroseconds(setup) : null,
            InvocationStartTime = test.InvocationStartTime,
            InvocationEndTime = test.InvocationEndTime,
        };
    }
}
