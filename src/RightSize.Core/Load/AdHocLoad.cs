using RightSize.Load.Http;
using RightSize.Traffic;

namespace RightSize.Load;

/// <summary>The core of <c>rightsize load</c>: runs one ad-hoc load, reports each second, and sums it all up.</summary>
public static class AdHocLoad
{
    private static readonly Payload EmptyBody = new(ReadOnlyMemory<byte>.Empty, "application/octet-stream");
    private static readonly TimeSpan CollectInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Runs the load: a closed loop of <see cref="AdHocLoadOptions.Connections"/> users, or an open loop at
    /// <see cref="AdHocLoadOptions.Rate"/>. Each second is reported to <paramref name="progress"/> once it is over (the
    /// last, partial one at the end). Cancelling stops the load early and still returns what was measured.
    /// </summary>
    public static async Task<AdHocLoadSummary> RunAsync(
        AdHocLoadOptions options, TimeProvider time, IProgress<SecondBucket>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Connections);
        var client = options.Client ?? Invokers.DefaultFor(options.Url);
        var invokers = Invokers.Create(options.Url, options.Method, options.Timeout, client);
        using var disposeInvokers = invokers as IDisposable;
        var payloads = options.Payloads is { Count: > 0 } bodies ? new PayloadSampler(bodies) : new PayloadSampler(options.Body ?? EmptyBody);
        var recorder = new LoadRecorder(time);
        var share = options.Share;
        var run = options.Rate is { } rate
            ? new OpenLoopEngine(invokers, payloads, recorder, share.UsersOf(options.Connections))
                .RunAsync(share.Of(new RateArrivals(rate, options.Duration)), cancellationToken)
            : new ClosedLoopEngine(invokers, payloads, recorder)
                .RunAsync(share.Of(options.Schedule ?? new ConstantSchedule(options.Connections, options.Duration)), cancellationToken);

        var total = new LoadTotals();
        var next = 0;
        while (!run.IsCompleted)
        {
            // The run ends on cancellation by itself, so the wait needs no token of its own.
            await Task.WhenAny(run, Task.Delay(CollectInterval, time, CancellationToken.None));
            while (recorder.TryCollect(next) is { } second)
            {
                total.Add(second);
                progress?.Report(second);
                next++;
            }
        }

        await run;
        var elapsed = recorder.Elapsed;
        for (; next <= (int)elapsed.TotalSeconds; next++)
        {
            var second = recorder.Collect(next);
            total.Add(second);
            progress?.Report(second);
        }

        return total.Summarize(options, client, elapsed);
    }
}
