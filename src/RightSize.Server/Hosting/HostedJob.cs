using RightSize.Orchestration;

namespace RightSize.Server.Hosting;

/// <summary>A job this server runs: its live record and its stop switch. Exactly one caller claims the run.</summary>
internal sealed class HostedJob : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _claimed;

    public HostedJob(JobRecord record) => Record = record;

    public JobRecord Record { get; }

    public string Name => Record.Plan.JobName;

    public CancellationToken StopToken => _stop.Token;

    /// <summary>True for the one caller (a worker, or Stop for a queued job) that gets to run it.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

    /// <summary>Completes when the run has ended and its results are in the store.</summary>
    public Task Finished => _finished.Task;

    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended between the lookup and the stop: there is nothing left to stop.
        }
    }

    public void MarkFinished() => _finished.TrySetResult();

    public void Dispose() => _stop.Dispose();
}
