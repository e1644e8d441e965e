using System.Collections.Concurrent;
using RightSize.Traffic;

namespace RightSize.Load;

/// <summary>
/// Sends requests at the times an arrival schedule says, however slowly the target answers, and measures each latency
/// from its intended send time (as wrk2: no coordinated omission). Requests go out on a pool of at most
/// <c>maxConnections</c> invokers; when all are busy, arrivals wait for one and that wait counts in their latency.
/// </summary>
/// <remarks>
/// The schedule's time zero is the recorder's <see cref="LoadRecorder.StartTimestamp"/>. <see cref="LoadRecorder.Users"/>
/// is the number of connections (invokers) opened so far, the open-loop counterpart of users; it only grows.
/// </remarks>
public sealed class OpenLoopEngine
{
    /// <summary>The connection limit when none is given: enough for 1,000 req/s at 1 s latency.</summary>
    public const int DefaultMaxConnections = 1024;

    private readonly IInvokerFactory _invokers;
    private readonly IPayloadSource _payloads;
    private readonly LoadRecorder _recorder;
    private readonly int _maxConnections;

    public OpenLoopEngine(IInvokerFactory invokers, IPayloadSource payloads, LoadRecorder recorder, int maxConnections = DefaultMaxConnections)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConnections);
        _invokers = invokers;
        _payloads = payloads;
        _recorder = recorder;
        _maxConnections = maxConnections;
    }

    /// <summary>
    /// Sends every arrival of the schedule and waits for the answers; or, when <paramref name="cancellationToken"/> is
    /// cancelled, stops sending, aborts in-flight requests and returns normally.
    /// </summary>
    public Task RunAsync(IArrivalSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // On the thread pool: a caller's synchronization context (a UI, a test runner) must not pace the load.
        return Task.Run(() => RunCoreAsync(schedule, cancellationToken), CancellationToken.None);
    }

    private async Task RunCoreAsync(IArrivalSchedule schedule, CancellationToken cancellationToken)
    {
        using var scope = new RunScope(cancellationToken);
        using var permits = new SemaphoreSlim(_maxConnections, _maxConnections);
        var idle = new ConcurrentStack<IInvoker>();
        var time = _recorder.TimeProvider;
        var ticksToTimestamp = time.TimestampFrequency / (double)TimeSpan.TicksPerSecond;
        var connections = 0;
        try
        {
            foreach (var offset in schedule.Arrivals())
            {
                var intended = _recorder.StartTimestamp + (long)(offset.Ticks * ticksToTimestamp);
                var early = intended - time.GetTimestamp();
                if (early > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(early / (double)time.TimestampFrequency), time, scope.Token);
                }

                await permits.WaitAsync(scope.Token);
                if (!idle.TryPop(out var invoker))
                {
                    invoker = _invokers.CreateInvoker();
                    _recorder.Users = ++connections;
                }

                // Not awaited: the send runs on while the next arrivals go out; the permits track it.
                _ = SendAsync(invoker, intended, scope, idle, permits);
            }
        }
        catch (OperationCanceledException) when (scope.Token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Requests sent so far must still end before the failure is reported.
            await scope.FaultAsync(e);
        }

        // Every send returns its permit when it ends, so holding them all means none is left in flight.
        for (var i = 0; i < _maxConnections; i++)
        {
            await permits.WaitAsync(CancellationToken.None);
        }

        foreach (var invoker in idle)
        {
            await invoker.DisposeAsync();
        }

        _recorder.Users = 0;
        // The last answer may arrive on an HTTP client's loop thread; the caller's code must not continue there.
        await Task.Yield();
        scope.ThrowIfFaulted();
    }

    private async Task SendAsync(IInvoker invoker, long intended, RunScope scope, ConcurrentStack<IInvoker> idle, SemaphoreSlim permits)
    {
        try
        {
            await scope.InvokeAsync(invoker, _payloads.Next(), intended, _recorder);
        }
        finally
        {
            idle.Push(invoker);
            permits.Release();
        }
    }
}
