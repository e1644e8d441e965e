using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RightSize.Generative.Api;
using RightSize.Server.Storage;

namespace RightSize.Server.Generative;

/// <summary>What an AI job's run ended with: its status, why it failed, and a result to keep (JSON), if any.</summary>
internal sealed record AiJobOutcome(string Status, string? FailureReason, string? ResultJson = null);

/// <summary>
/// Runs AI benchmark and recommendation jobs one at a time (two measurements at once would disturb each other), in
/// the order they were created. Stop cancels a job (Stopping, then Stopped); stopping the server stops every job the
/// same way and waits for its row. At start, jobs a killed server left InProgress are marked Failed.
/// </summary>
internal sealed partial class AiJobHost(IRecommendationStore store, TimeProvider time, ILogger<AiJobHost> logger) : IHostedService
{
    private readonly ConcurrentDictionary<(AiResourceKind, string), CancellationTokenSource> _live = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var kind in (AiResourceKind[])[AiResourceKind.BenchmarkJob, AiResourceKind.RecommendationJob])
        {
            foreach (var status in (string[])[AiJobStatus.InProgress, AiJobStatus.Stopping])
            {
                var left = await store.ListAiResourcesAsync(new AiResourceQuery { Kind = kind, StatusEquals = status, Limit = 10_000 }, cancellationToken);
                foreach (var job in left)
                {
                    await store.UpdateAiResourceAsync(job with
                    {
                        Status = status == AiJobStatus.Stopping ? AiJobStatus.Stopped : AiJobStatus.Failed,
                        EndTime = time.GetUtcNow(),
                        FailureReason = status == AiJobStatus.Stopping ? null : "the server stopped while the job ran (it was not finished); run it again",
                    }, cancellationToken);
                }
            }
        }
    }

    /// <summary>Queues the stored job's run; <paramref name="run"/> gets a token that Stop and server shutdown cancel.</summary>
    public void Start(StoredAiResource job, Func<StoredAiResource, CancellationToken, Task<AiJobOutcome>> run)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _live[(job.Kind, job.Name)] = cancel;
        var task = Task.Run(() => RunAsync(job, run, cancel), CancellationToken.None);
        _running[task] = true;
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>True when the job was running here and is now asked to stop.</summary>
    public bool Stop(AiResourceKind kind, string name)
    {
        if (!_live.TryGetValue((kind, name), out var cancel))
        {
            return false;
        }

        cancel.Cancel();
        return true;
    }

    public bool IsLive(AiResourceKind kind, string name) => _live.ContainsKey((kind, name));

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
    }

    private async Task RunAsync(StoredAiResource job, Func<StoredAiResource, CancellationToken, Task<AiJobOutcome>> run, CancellationTokenSource cancel)
    {
        AiJobOutcome outcome;
        var started = job;
        try
        {
            await _one.WaitAsync(cancel.Token);
            try
            {
                started = job with { StartTime = time.GetUtcNow() };
                await store.UpdateAiResourceAsync(started, CancellationToken.None);
                outcome = await run(started, cancel.Token);
            }
            finally
            {
                _one.Release();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            outcome = new AiJobOutcome(AiJobStatus.Stopped, null);
        }
        catch (Exception e)
        {
            LogJobFailed(job.Name, e);
            outcome = new AiJobOutcome(AiJobStatus.Failed, $"RightSize failed running the job: {e.Message}");
        }

        if (cancel.IsCancellationRequested && outcome.Status != AiJobStatus.Failed)
        {
            outcome = outcome with { Status = AiJobStatus.Stopped };
        }

        try
        {
            await store.UpdateAiResourceAsync(started with
            {
                Status = outcome.Status,
                EndTime = time.GetUtcNow(),
                FailureReason = outcome.FailureReason is { } reason ? ValidationError.Shorten(reason, 1024) : null,
                ResultJson = outcome.ResultJson,
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogJobFailed(job.Name, e);
        }
        finally
        {
            _live.TryRemove((job.Kind, job.Name), out _);
            cancel.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "AI job {Name} failed")]
    private partial void LogJobFailed(string name, Exception exception);
}
