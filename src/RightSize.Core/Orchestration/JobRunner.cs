using Microsoft.Extensions.Logging;
using RightSize.Jobs;
using RightSize.Stopping;
using RightSize.Telemetry;

namespace RightSize.Orchestration;

/// <summary>
/// Runs a job's tests, at most MaxParallelOfTests at once, through PENDING -> IN_PROGRESS -> COMPLETED | FAILED, or
/// STOPPING -> STOPPED when stopped. The CLI's <c>run</c> and the server share this one engine.
/// </summary>
public sealed class JobRunner
{
    private readonly LoadDependencies _load;
    private readonly ILogger _logger;

    public JobRunner(LoadDependencies load)
    {
        _load = load;
        _logger = load.Loggers.CreateLogger<JobRunner>();
    }

    /// <summary>Runs the job to its end. Cancelling <paramref name="stop"/> stops it; finished tests keep their results.</summary>
    public async Task RunAsync(JobRecord job, IJobObserver observer, CancellationToken stop)
    {
        var time = _load.Time;
        using var telemetry = new JobTelemetry(job.Plan.JobName);
        var started = time.GetTimestamp();
        OrchestrationLog.JobStarted(_logger, job.Plan.JobName, job.Tests.Count, job.Plan.MaxParallelTests);
        SetStatus(job, observer, RecommendationStatus.InProgress);
        using var deadline = new CancellationTokenSource();
        using var deadlineTimer = job.Plan.JobDuration is { } duration
            ? time.CreateTimer(_ => deadline.Cancel(), null, duration, Timeout.InfiniteTimeSpan)
            : null;
        using var stopping = stop.Register(() => SetStatus(job, observer, RecommendationStatus.Stopping));
        using var slots = new SemaphoreSlim(job.Plan.MaxParallelTests);
        using var stopOrDeadline = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        var running = new List<Task>();
        // A resumed job (JobResumption) keeps the tests it finished before the restart.
        foreach (var test in job.Tests.Where(t => !t.Status.IsTerminal()))
        {
            try
            {
                await slots.WaitAsync(stopOrDeadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            running.Add(RunTestAsync(job, test, observer, slots, stop, deadline.Token));
        }

        await Task.WhenAll(running);
        NeverStarted(job, observer, stop.IsCancellationRequested);
        Finish(job, observer, stop.IsCancellationRequested);
        telemetry.Finish(job.Status.Name(), job.FailureReason);
        OrchestrationLog.JobEnded(_logger, job.Plan.JobName, job.Status.Name(), time.GetElapsedTime(started).TotalSeconds);
        if (job.FailureReason is { } failure)
        {
            OrchestrationLog.JobFailed(_logger, job.Plan.JobName, failure);
        }
    }

    private async Task RunTestAsync(
        JobRecord job, TestRecord test, IJobObserver observer, SemaphoreSlim slots, CancellationToken stop, CancellationToken deadline)
    {
        try
        {
            await Task.Yield();
            await new TestRunner(job, test, observer, _load).RunAsync(stop, deadline);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            OrchestrationLog.TestCrashed(_logger, e, job.Plan.JobName, test.Plan.EndpointName);
            // A bug must not take the job down with it: the test fails with what happened.
            lock (job.Sync)
            {
                test.Status = RecommendationStatus.Failed;
                test.StopReason = StopReason.EndpointFailed;
                test.FailureReason = $"internal error: {e.GetType().Name}: {e.Message}";
                observer.TestChanged(job, test);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private void NeverStarted(JobRecord job, IJobObserver observer, bool stopped)
    {
        lock (job.Sync)
        {
            foreach (var test in job.Tests.Where(t => t.Status == RecommendationStatus.Pending))
            {
                test.Status = RecommendationStatus.Stopped;
                test.StopReason = stopped ? StopReason.JobStopped : StopReason.JobDurationReached;
                test.FailureReason = stopped
                    ? "not started: the job was stopped"
                    : "not started: the job reached JobDurationInSeconds; raise it or lower the traffic pattern's duration";
                job.LastModifiedTime = _load.Time.GetUtcNow();
                observer.TestChanged(job, test);
            }
        }
    }

    private void Finish(JobRecord job, IJobObserver observer, bool stopped)
    {
        lock (job.Sync)
        {
            var completed = job.Tests.Count(t => t.Status == RecommendationStatus.Completed);
            if (stopped)
            {
                job.Status = RecommendationStatus.Stopped;
            }
            else if (completed > 0)
            {
                job.Status = RecommendationStatus.Completed;
            }
            else
            {
                job.Status = RecommendationStatus.Failed;
                job.FailureReason = Truncate("no test completed: " + string.Join("; ", job.Tests
                    .Select(t => $"{t.Plan.EndpointName}: {t.FailureReason ?? t.StopReason?.Describe()}")));
            }

            job.CompletionTime = _load.Time.GetUtcNow();
            job.LastModifiedTime = job.CompletionTime.Value;
            observer.JobChanged(job);
        }
    }

    private void SetStatus(JobRecord job, IJobObserver observer, RecommendationStatus status)
    {
        lock (job.Sync)
        {
            if (job.Status.IsTerminal())
            {
                return;
            }

            job.Status = status;
            job.LastModifiedTime = _load.Time.GetUtcNow();
            observer.JobChanged(job);
        }
    }

    // SageMaker's FailureReason holds at most 1024 characters.
    private static string Truncate(string text) => text.Length <= 1024 ? text : text[..1021] + "...";
}
