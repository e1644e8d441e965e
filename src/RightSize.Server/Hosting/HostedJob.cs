using RightSize.Load;
using RightSize.Orchestration;

namespace RightSize.Server.Hosting;

/// <summary>
/// A job this server runs: its live record and its stop switch. Exactly one caller claims the run. While it waits, its
/// record holds no payloads (they are in <see cref="PayloadFile"/>); <see cref="Resume"/> puts them back before it runs.
/// </summary>
internal sealed class HostedJob : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _claimed;

    public HostedJob(JobRecord record, string payloadFile)
    {
        Record = record.WithPlan(record.Plan with { Payloads = [] });
        PayloadFile = payloadFile;
    }

    /// <summary>The live record; replaced once, by <see cref="Resume"/>, before anything has changed it.</summary>
    public JobRecord Record { get; private set; }

    public string PayloadFile { get; }

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

    /// <summary>
    /// The record to run: with its payloads back, or, when they could not be read, with every test failing for that
    /// reason (the one placeholder payload is never sent: a test with a planning failure starts no endpoint).
    /// </summary>
    public JobRecord Resume(Result<IReadOnlyList<Payload>> payloads)
    {
        var plan = Record.Plan;
        Record = Record.WithPlan(payloads.Succeeded ? plan with { Payloads = payloads.Value! } : plan with
        {
            Payloads = [new Payload(ReadOnlyMemory<byte>.Empty, "application/octet-stream")],
            Tests = [.. plan.Tests.Select(t => t with { PlanningFailure = payloads.Errors[0].Message })],
        });
        return Record;
    }

    public void MarkFinished() => _finished.TrySetResult();

    public void Dispose() => _stop.Dispose();
}
