using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RightSize.Server.Storage;

namespace RightSize.Server.Hosting;

/// <summary>
/// The one task that writes running jobs to the store, so observers (on the load path, under the job's lock) only
/// enqueue. Job and test rows are written latest-first per drain; windows go in one batch per drain.
/// </summary>
internal sealed partial class StoreWriter : IAsyncDisposable
{
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IRecommendationStore _store;
    private readonly ILogger _logger;
    private readonly Task _drain;

    public StoreWriter(IRecommendationStore store, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _drain = Task.Run(DrainAsync);
    }

    public void Enqueue(StoredJob job) => _queue.Writer.TryWrite(job);

    public void Enqueue(StoredTest test) => _queue.Writer.TryWrite(test);

    public void Enqueue(StoredWindow window) => _queue.Writer.TryWrite(window);

    /// <summary>Completes when everything enqueued before it is written.</summary>
    public Task FlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(flushed))
        {
            flushed.SetResult();
        }

        return flushed.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _drain;
    }

    private async Task DrainAsync()
    {
        var batch = new List<object>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (_queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            await WriteAsync(batch);
        }
    }

    private async Task WriteAsync(List<object> batch)
    {
        try
        {
            // Only the newest row of each job and test matters; jobs first, since tests reference them.
            var jobs = batch.OfType<StoredJob>().GroupBy(j => j.JobName).Select(g => g.Last());
            var tests = batch.OfType<StoredTest>().GroupBy(t => (t.JobName, t.TestIndex)).Select(g => g.Last());
            foreach (var job in jobs)
            {
                await _store.UpdateJobAsync(job, CancellationToken.None);
            }

            foreach (var test in tests)
            {
                await _store.SaveTestAsync(test, CancellationToken.None);
            }

            await _store.AddWindowsAsync([.. batch.OfType<StoredWindow>()], CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            // A failing disk must not stop the jobs; the live records still answer the API while the server runs.
            LogWriteFailed(_logger, e);
        }
        finally
        {
            foreach (var flushed in batch.OfType<TaskCompletionSource>())
            {
                flushed.TrySetResult();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write job results to the store")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
