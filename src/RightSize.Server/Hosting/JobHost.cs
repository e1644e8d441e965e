using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using RightSize.Orchestration;

namespace RightSize.Server.Hosting;

/// <summary>
/// Runs submitted jobs in FIFO order, at most <c>maxConcurrentJobs</c> at once, through the shared engine. Live jobs stay
/// here until their last change is in the store, so the API always sees either the live record or the stored one.
/// A hosted service: stopping it stops every live job as StopJob does and waits until their rows are written.
/// </summary>
internal sealed class JobHost : IHostedService
{
    private readonly Channel<HostedJob> _queue = Channel.CreateUnbounded<HostedJob>();
    private readonly ConcurrentDictionary<string, HostedJob> _live = new(StringComparer.Ordinal);
    private readonly JobEngine _engine;
    private readonly PayloadSpool _spool;
    private readonly StoreWriter _writer;
    private readonly StoreObserver _observer;
    private readonly IJobEndedObserver[] _ended;
    private readonly int _maxQueued;
    private readonly int _maxConcurrent;
    private Task[] _workers = [];
    private int _queued;

    /// <param name="ended">Told once a job's run has ended and its rows are written (the dashboard keeps its report files).</param>
    public JobHost(JobEngine engine, PayloadSpool spool, StoreWriter writer, ServerOptions options, IEnumerable<IJobEndedObserver> ended)
    {
        _ended = [.. ended];
        _engine = engine;
        _spool = spool;
        _writer = writer;
        _observer = new StoreObserver(writer);
        _maxConcurrent = options.MaxConcurrentJobs;
        _maxQueued = options.MaxQueuedJobs;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = [.. Enumerable.Range(0, _maxConcurrent).Select(_ => Task.Run(WorkAsync, CancellationToken.None))];
        return Task.CompletedTask;
    }

    public HostedJob? Live(string jobName) => _live.GetValueOrDefault(jobName);

    public IReadOnlyCollection<HostedJob> LiveJobs => [.. _live.Values];

    /// <summary>Why some of a job's results are not in the store yet (the store fails), or null.</summary>
    public string? Unsaved(string jobName) => _writer.Unsaved(jobName);

    /// <summary>Takes a place in the queue; false when it is full (ResourceLimitExceeded).</summary>
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _queued) > _maxQueued)
        {
            Interlocked.Decrement(ref _queued);
            return false;
        }

        return true;
    }

    /// <summary>Gives back a place taken by <see cref="TryReserve"/> and not used.</summary>
    public void Release() => Interlocked.Decrement(ref _queued);

    /// <summary>The job to queue, its payloads written to disk (a waiting job holds none in memory); or why they could not be.</summary>
    public Result<HostedJob> Prepare(JobRecord record)
    {
        var file = _spool.Write(record.Plan.Payloads);
        return file.Succeeded ? Result<HostedJob>.Success(new HostedJob(record, file.Value!)) : Result<HostedJob>.Failure(file.Errors);
    }

    /// <summary>Gives back the place and the payload file of a prepared job that will not be queued.</summary>
    public void Discard(HostedJob job)
    {
        PayloadSpool.Delete(job.PayloadFile);
        job.Dispose();
        Release();
    }

    /// <summary>Queues a prepared job already in the store, into the place <see cref="TryReserve"/> took.</summary>
    public void Enqueue(HostedJob job)
    {
        _live[job.Name] = job;
        _queue.Writer.TryWrite(job);
    }

    /// <summary>Stops a live job: a running one reaches STOPPED when its tests have stopped, a queued one at once.</summary>
    public bool Stop(string jobName)
    {
        if (!_live.TryGetValue(jobName, out var job))
        {
            return false;
        }

        job.Stop();
        if (job.TryClaim())
        {
            Interlocked.Decrement(ref _queued);
            _ = RunAsync(job);
        }

        return true;
    }

    /// <summary>Stops every live job (running ones end STOPPED once their tests have stopped) and waits for their rows.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        foreach (var job in _live.Values)
        {
            job.Stop();
        }

        await Task.WhenAll(_workers).WaitAsync(cancellationToken);
        await Task.WhenAll(_live.Values.Select(j => j.Finished)).WaitAsync(cancellationToken);
    }

    private async Task WorkAsync()
    {
        await foreach (var job in _queue.Reader.ReadAllAsync())
        {
            if (job.TryClaim())
            {
                Interlocked.Decrement(ref _queued);
                await RunAsync(job);
            }
        }
    }

    private async Task RunAsync(HostedJob job)
    {
        try
        {
            var record = job.Resume(_spool.Take(job.PayloadFile));
            await _engine.RunnerFor(record.Plan).RunAsync(record, _observer, job.StopToken);
            await _writer.FlushAsync();
            foreach (var observer in _ended)
            {
                await observer.EndedAsync(job.Record);
            }
        }
        finally
        {
            _live.TryRemove(job.Name, out _);
            job.MarkFinished();
            job.Dispose();
        }
    }
}

/// <summary>Told when a hosted job has ended and its rows are in the store.</summary>
internal interface IJobEndedObserver
{
    Task EndedAsync(JobRecord job);
}
