using System.Data.Common;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RightSize.Server.Storage;
using RightSize.Server.Telemetry;

namespace RightSize.Server.Hosting;

/// <summary>
/// The one task that writes running jobs to the store, so observers (on the load path, under the job's lock) only
/// enqueue. Job and test rows are written latest-first per drain; windows go in one batch per drain. A write that fails
/// is retried with backoff (0.5 s doubling to 10 s) with everything that arrived meanwhile, so nothing is dropped while
/// the store is down; a job stays live (and says what waits, <see cref="Unsaved"/>) until its rows are written.
/// A hosted service: it stops after the job host, writing what is left; once the server stops, a store that still
/// fails is retried for <see cref="ServerServices.StoreGrace"/> only, and the loss is logged.
/// </summary>
internal sealed partial class StoreWriter : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(10);

    private readonly Channel<StoreWrite> _queue = Channel.CreateUnbounded<StoreWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StoreBacklog _backlog = new();
    private readonly IRecommendationStore _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _giveUp;
    private readonly CancellationTokenRegistration _stopping;
    private Task _drain = Task.CompletedTask;
    private int _queued;

    public StoreWriter(IRecommendationStore store, ILogger<StoreWriter> logger, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        _store = store;
        _logger = logger;
        _time = time;
        _giveUp = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        // Stopping jobs wait for their rows; the clock starts before the job host stops so a dead store cannot hold it.
        _stopping = lifetime.ApplicationStopping.Register(() => _giveUp.CancelAfter(ServerServices.StoreGrace));
    }

    /// <summary>Writes waiting: queued ones and rows taken but not yet written (the store queue depth).</summary>
    public int Pending => Volatile.Read(ref _queued) + _backlog.Rows;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        StoreQueueGauge.Add(this);
        _drain = Task.Run(DrainAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Writes everything enqueued (the job host has stopped by now), then ends the drain.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _drain.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        StoreQueueGauge.Remove(this);
        _stopping.Dispose();
        _giveUp.Dispose();
    }

    public void Enqueue(StoredJob job) => Queue(StoreWrite.Of(job));

    public void Enqueue(StoredTest test) => Queue(StoreWrite.Of(test));

    public void Enqueue(StoredWindow window) => Queue(StoreWrite.Of(window));

    // A single-reader channel cannot count its items, so the writer counts them for the gauge.
    private void Queue(StoreWrite write)
    {
        if (_queue.Writer.TryWrite(write))
        {
            Interlocked.Increment(ref _queued);
        }
    }

    /// <summary>Completes when everything enqueued before it is written (or given up at shutdown, which is logged).</summary>
    public Task FlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(StoreWrite.Of(flushed)))
        {
            flushed.SetResult();
        }

        return flushed.Task;
    }

    /// <summary>Why some of the job's results are not in the store yet, or null when none wait.</summary>
    public string? Unsaved(string jobName) => _backlog.Unsaved(jobName);

    private async Task DrainAsync()
    {
        while (await _queue.Reader.WaitToReadAsync())
        {
            TakeQueued();
            var delay = FirstRetry;
            while (!await TryWriteAsync())
            {
                try
                {
                    await Task.Delay(delay, _time, _giveUp.Token);
                }
                catch (OperationCanceledException)
                {
                    // One last attempt without waiting for the backoff, then what still fails is given up, loudly.
                    TakeQueued();
                    if (!await TryWriteAsync())
                    {
                        var (jobs, tests, windows) = _backlog.Abandon();
                        LogGaveUp(_logger, jobs, tests, windows);
                    }

                    break;
                }

                delay = delay * 2 < LongestRetry ? delay * 2 : LongestRetry;
                TakeQueued();
            }
        }
    }

    private void TakeQueued()
    {
        while (_queue.Reader.TryRead(out var item))
        {
            _backlog.Add(item);
            if (item.Flush is null)
            {
                Interlocked.Decrement(ref _queued);
            }
        }
    }

    private async Task<bool> TryWriteAsync()
    {
        var batch = _backlog.Take();
        try
        {
            foreach (var job in batch.Jobs)
            {
                await _store.UpdateJobAsync(job, CancellationToken.None);
            }

            foreach (var test in batch.Tests)
            {
                await _store.SaveTestAsync(test, CancellationToken.None);
            }

            // Windows are upserted by (job, test, end second), so a retry after a partial write rewrites the same rows.
            await _store.AddWindowsAsync(batch.Windows, CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or IOException or SocketException or TimeoutException or InvalidOperationException)
        {
            if (_backlog.Failure is null)
            {
                LogWriteFailed(_logger, batch.Windows.Length, e);
            }

            _backlog.Failed(_time.GetUtcNow(), e);
            return false;
        }

        if (_backlog.Failure is { } failure)
        {
            LogRecovered(_logger, failure.Since, batch.Windows.Length);
        }

        _backlog.Written(batch);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write job results to the store ({Windows} windows waiting); keeping them and retrying with backoff")]
    private static partial void LogWriteFailed(ILogger logger, int windows, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store is back (failing since {Since:O}); wrote the {Windows} windows kept meanwhile")]
    private static partial void LogRecovered(ILogger logger, DateTimeOffset since, int windows);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The server stopped while the store was down: {Jobs} job rows, {Tests} test rows and {Windows} windows were not written")]
    private static partial void LogGaveUp(ILogger logger, int jobs, int tests, int windows);
}
