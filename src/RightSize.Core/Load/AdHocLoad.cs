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
        var payloads = new PayloadSampler(options.Body ?? EmptyBody);
        var recorder = new LoadRecorder(time);
        var run = options.Rate is { } rate
            ? new OpenLoopEngine(invokers, payloads, recorder, options.Connections)
                .RunAsync(new RateArrivals(rate, options.Duration), cancellationToken)
            : new ClosedLoopEngine(invokers, payloads, recorder)
                .RunAsync(new ConstantSchedule(options.Connections, options.Duration), cancellationToken);

        var total = new Totals(progress);
        var next = 0;
        while (!run.IsCompleted)
        {
            // The run ends on cancellation by itself, so the wait needs no token of its own.
            await Task.WhenAny(run, Task.Delay(CollectInterval, time, CancellationToken.None));
            while (recorder.TryCollect(next) is { } second)
            {
                total.Add(second);
                next++;
            }
        }

        await run;
        var elapsed = recorder.Elapsed;
        for (; next <= (int)elapsed.TotalSeconds; next++)
        {
            total.Add(recorder.Collect(next));
        }

        return total.Summarize(options, client, elapsed);
    }

    private sealed class Totals(IProgress<SecondBucket>? progress)
    {
        private readonly LatencyHistogram _latency = new();
        private long _requests;
        private long _clientErrors;
        private long _serverErrors;
        private long _timeouts;
        private long _connectionErrors;

        public void Add(SecondBucket second)
        {
            _latency.Add(second.Latency);
            _requests += second.Invocations;
            _clientErrors += second.ClientErrors;
            _serverErrors += second.ServerErrors;
            _timeouts += second.Timeouts;
            _connectionErrors += second.ConnectionErrors;
            progress?.Report(second);
        }

        public AdHocLoadSummary Summarize(AdHocLoadOptions options, LoadClient client, TimeSpan elapsed) => new()
        {
            Mode = options.Rate is null ? AdHocLoadSummary.ClosedLoop : AdHocLoadSummary.OpenLoop,
            Connections = options.Connections,
            Client = client == LoadClient.Socket ? "socket" : "httpclient",
            Rate = options.Rate,
            Requests = _requests,
            ClientErrors = _clientErrors,
            ServerErrors = _serverErrors,
            Timeouts = _timeouts,
            ConnectionErrors = _connectionErrors,
            DurationSeconds = elapsed.TotalSeconds,
            P50Ms = Millis(_latency.ValueAtPercentile(50)),
            P90Ms = Millis(_latency.ValueAtPercentile(90)),
            P95Ms = Millis(_latency.ValueAtPercentile(95)),
            P99Ms = Millis(_latency.ValueAtPercentile(99)),
            P999Ms = Millis(_latency.ValueAtPercentile(99.9)),
            MaxMs = Millis(_latency.Max),
            MeanMs = _latency.Mean / 1e6,
        };

        private static double Millis(long nanoseconds) => nanoseconds / 1e6;
    }
}
