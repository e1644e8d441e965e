using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Server.Storage;

namespace RightSize.Server.Hosting;

/// <summary>
/// At start, jobs a previous server left unfinished (killed, crashed) become FAILED: their endpoints are gone and a
/// half-run traffic pattern cannot be resumed faithfully. Finished tests keep their results; unfinished tests fail.
/// On a fleet the next start resumes them instead (<see cref="JobResume"/>).
/// </summary>
internal static class Recovery
{
    public const string InterruptedReason = "interrupted: the RightSize server stopped during the job (finished tests' results are kept)";

    /// <summary>Marks every unfinished job FAILED; returns how many.</summary>
    public static async Task<int> FailInterruptedJobsAsync(IRecommendationStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var interrupted = (await store.ListJobsAsync(new JobQuery { Ascending = true }, cancellationToken)).Where(j => !j.Status.IsTerminal()).ToList();
        foreach (var job in interrupted)
        {
            foreach (var test in (await store.ListTestsAsync(job.JobName, cancellationToken)).Where(t => !t.Status.IsTerminal()))
            {
                await store.SaveTestAsync(FailTest(test, InterruptedReason), cancellationToken);
            }

            await store.UpdateJobAsync(FailJob(job, now, InterruptedReason), cancellationToken);
        }

        return interrupted.Count;
    }

    public static StoredTest FailTest(StoredTest test, string reason)
    {
        var step = SageMakerJson.Parse(test.StepJson, SageMakerJsonContext.Default.InferenceRecommendationsJobStep).Value;
        var failed = step is null ? null : step with
        {
            Status = RecommendationStatus.Failed,
            InferenceBenchmark = step.InferenceBenchmark is { } benchmark ? benchmark with { FailureReason = reason } : null,
        };
        return test with
        {
            Status = RecommendationStatus.Failed,
            FailureReason = reason,
            StepJson = failed is null ? test.StepJson : SageMakerJson.Serialize(failed, SageMakerJsonContext.Default.InferenceRecommendationsJobStep),
        };
    }

    public static StoredJob FailJob(StoredJob job, DateTimeOffset now, string reason)
    {
        var describe = SageMakerJson.Parse(job.DescribeJson, SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse).Value;
        var failed = describe is null ? null : describe with
        {
            Status = RecommendationStatus.Failed,
            FailureReason = reason,
            LastModifiedTime = now,
            CompletionTime = now,
        };
        return job with
        {
            Status = RecommendationStatus.Failed,
            FailureReason = reason,
            LastModifiedTime = now,
            CompletionTime = now,
            DescribeJson = failed is null ? job.DescribeJson
                : SageMakerJson.Serialize(failed, SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse),
        };
    }
}
