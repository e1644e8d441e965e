using RightSize.Load.Http;

namespace RightSize.Load;

/// <summary>The sum of a load's collected seconds, as <see cref="AdHocLoad"/> reports it (and a fleet load its merged seconds).</summary>
public sealed class LoadTotals
{
    private readonly LatencyHistogram _latency = new();
    private long _requests;
    private long _clientErrors;
    private long _serverErrors;
    private long _timeouts;
    private long _connectionErrors;

    public long Requests => _requests;

    public void Add(SecondBucket second)
    {
        ArgumentNullException.ThrowIfNull(second);
        _latency.Add(second.Latency);
        _requests += second.Invocations;
        _clientErrors += second.ClientErrors;
        _serverErrors += second.ServerErrors;
        _timeouts += second.Timeouts;
        _connectionErrors += second.ConnectionErrors;
    }

    /// <summary>The summary of <paramref name="options"/>' load over <paramref name="elapsed"/>.</summary>
    public AdHocLoadSummary Summarize(AdHocLoadOptions options, LoadClient client, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new()
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
    }

    private static double Millis(long nanoseconds) => nanoseconds / 1e6;
}
