using System.Collections.Concurrent;
using RightSize.Timing;
using RightSize.Traffic;

namespace RightSize.Generative;

/// <summary>Every request of one pass, with the pass's time origin.</summary>
public sealed record StreamRun(StreamLoadOptions Options, IReadOnlyList<StreamRecord> Records, long Origin);

/// <summary>
/// Drives a pass: a closed loop (each of N users sends its next request when its last one ends; latency counts from the
/// actual send) or an open loop (requests due at a constant or Poisson rate, timed from their intended send time, so a
/// slow endpoint shows in the latencies instead of slowing the load; a concurrency cap makes due requests wait, and the
/// wait counts). It never touches storage.
/// </summary>
public sealed class StreamLoadEngine(StreamClient client, Func<int, GenerativeRequest> prompts, TimeProvider time)
{
    // On the system clock, sends are paced by the high-resolution timer: .NET's timers wake milliseconds late, and an
    // open loop counts that lateness in every TTFT. Another provider (a test's fake clock) paces as it is.
    private readonly TimeProvider _pacer = ReferenceEquals(time, TimeProvider.System) ? HighResolutionTimeProvider.Instance : time;

    public async Task<StreamRun> RunAsync(StreamLoadOptions options, StreamLoadProgress progress, CancellationToken cancellationToken)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        var records = new ConcurrentQueue<StreamRecord>();
        var origin = time.GetTimestamp();
        var stopSending = options.Duration is { } duration ? origin + (long)(duration.TotalSeconds * time.TimestampFrequency) : long.MaxValue;
        try
        {
            if (options.Rate is { } rate)
            {
                await OpenLoopAsync(options, rate, origin, stopSending, records, progress, cancellationToken);
            }
            else
            {
                await ClosedLoopAsync(options, stopSending, records, progress, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled: the records of what ran are the result.
        }

        return new StreamRun(options, [.. records.OrderBy(r => r.Start)], origin);
    }

    private async Task ClosedLoopAsync(StreamLoadOptions options, long stopSending, ConcurrentQueue<StreamRecord> records,
        StreamLoadProgress progress, CancellationToken cancellationToken)
    {
        var next = -1;
        var limit = options.RequestCount ?? int.MaxValue;

        async Task UserAsync()
        {
            while (time.GetTimestamp() < stopSending && !cancellationToken.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= limit)
                {
                    return;
                }

                progress.OnSent();
                await ConversationAsync(prompts(index), time.GetTimestamp(), records, progress, cancellationToken);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Concurrency!.Value).Select(_ => Task.Run(UserAsync, cancellationToken)));
    }

    private async Task OpenLoopAsync(StreamLoadOptions options, double rate, long origin, long stopSending,
        ConcurrentQueue<StreamRecord> records, StreamLoadProgress progress, CancellationToken cancellationToken)
    {
        // Count-bound passes get an arrival horizon well past count / rate, so a Poisson run is never cut short by it.
        var horizon = options.Duration ?? TimeSpan.FromSeconds((options.RequestCount!.Value / rate * 4) + 60);
        var arrivals = new RateArrivals(rate, horizon, options.Arrivals, options.Seed).Arrivals().Take(options.RequestCount ?? int.MaxValue);
        using var slots = options.Concurrency is { } cap ? new SemaphoreSlim(cap, cap) : null;
        var inFlight = new List<Task>();
        var index = 0;
        foreach (var arrival in arrivals)
        {
            var due = origin + (long)(arrival.TotalSeconds * time.TimestampFrequency);
            if (due >= stopSending)
            {
                break;
            }

            // Made before the wait (a synthetic prompt is tokenized), so the send at the due time carries no such work.
            var request = prompts(index++);
            var wait = time.GetElapsedTime(time.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await HighResolutionTimeProvider.DelayAsync(_pacer, wait, cancellationToken);
            }

            if (slots is not null)
            {
                await slots.WaitAsync(cancellationToken);
            }

            progress.OnSent();
            inFlight.Add(SendAsync(request, due));
        }

        await Task.WhenAll(inFlight);

        async Task SendAsync(GenerativeRequest request, long due)
        {
            try
            {
                await ConversationAsync(request, due, records, progress, cancellationToken);
            }
            finally
            {
                slots?.Release();
            }
        }
    }

    /// <summary>
    /// Sends a prompt and then, for a multi-turn conversation, each later turn as soon as the one before was answered,
    /// with the history (later turns are timed from their actual send). A failed turn ends its conversation.
    /// </summary>
    private async Task ConversationAsync(GenerativeRequest first, long start, ConcurrentQueue<StreamRecord> records, StreamLoadProgress progress,
        CancellationToken cancellationToken)
    {
        var request = first;
        var record = await client.SendAsync(request, start, cancellationToken);
        Keep(record, records, progress, cancellationToken);
        for (var turn = 1; turn <= first.FollowUps.Count && record.Succeeded && !cancellationToken.IsCancellationRequested; turn++)
        {
            request = request.FollowedBy(turn, record.Answer ?? string.Empty, first.FollowUps);
            progress.OnSent();
            record = await client.SendAsync(request, time.GetTimestamp(), cancellationToken);
            Keep(record, records, progress, cancellationToken);
        }
    }

    private static void Keep(StreamRecord record, ConcurrentQueue<StreamRecord> records, StreamLoadProgress progress, CancellationToken cancellationToken)
    {
        // A request cut short by cancelling the pass is not a failure of the endpoint.
        if (cancellationToken.IsCancellationRequested && !record.Succeeded)
        {
            return;
        }

        records.Enqueue(record);
        progress.OnDone(record);
    }
}
