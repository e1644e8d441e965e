namespace RightSize.Generative;

/// <summary>A metric reported as one value (AIPerf's derived and aggregate metrics).</summary>
public sealed record ScalarMetric(string Unit, double Value);

/// <summary>One turn's successful requests over a pass's multi-turn conversations: input tokens (they grow with the history), TTFT and latency.</summary>
public sealed class TurnMetrics
{
    public MetricDistribution InputSequenceLength { get; } = new("tokens", 1);

    public MetricDistribution TimeToFirstToken { get; } = new("ms", 1e6);

    public MetricDistribution RequestLatency { get; } = new("ms", 1e6);
}

/// <summary>
/// AIPerf's metrics of one pass, under AIPerf's tags and definitions: per-request distributions over successful
/// requests (TTFT = first non-empty chunk - start; ITL = (request latency - TTFT) / (output tokens - 1), for streamed
/// requests with at least 2 output tokens; inter-chunk latency = every gap between chunks) and run-wide values over
/// benchmark_duration = last response - first request start. A server that stamps its chunks with their send time adds
/// chunk_delivery_latency: each stamped chunk's arrival at the generator minus its stamp (network and the generator's
/// own added latency per token). RightSize's own client adds chunk_socket_wait: how long each chunk's bytes waited in
/// the generator's socket before its read returned (the kernel's receive stamp to the chunk's arrival time), the
/// generator's own share.
/// </summary>
public sealed class GenerativeMetrics
{
    private GenerativeMetrics()
    {
    }

    public required string Label { get; init; }

    public Dictionary<string, MetricDistribution> Distributions { get; } = [];

    public Dictionary<string, ScalarMetric> Scalars { get; } = [];

    /// <summary>Failed requests by <see cref="StreamOutcome"/> name, with one example message each.</summary>
    public SortedDictionary<string, (int Count, string Example)> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Successful requests whose endpoint answered in one body although a stream was asked for (TTFT = latency).</summary>
    public int NotStreamed { get; private set; }

    /// <summary>Successful requests whose output tokens were counted by <see cref="TokenCounter"/> (no usage from the server).</summary>
    public int ClientCounted { get; private set; }

    /// <summary>Per turn (0-based) when the prompts were multi-turn conversations; empty otherwise.</summary>
    public SortedDictionary<int, TurnMetrics> Turns { get; } = [];

    public double Scalar(string tag) => Scalars.TryGetValue(tag, out var metric) ? metric.Value : 0;

    public static GenerativeMetrics From(StreamRun run, IReadOnlyList<GoodputSlo> slos, double timestampFrequency)
    {
        var metrics = new GenerativeMetrics { Label = run.Options.Label };
        var ms = 1_000.0 / timestampFrequency;
        MetricDistribution Distribution(string tag, string unit, double resolution)
        {
            if (!metrics.Distributions.TryGetValue(tag, out var distribution))
            {
                metrics.Distributions[tag] = distribution = new MetricDistribution(unit, resolution);
            }

            return distribution;
        }

        // Created in AIPerf's order so that outputs list them so.
        foreach (var (tag, unit, resolution) in new[]
        {
            ("time_to_first_token", "ms", 1e6), ("time_to_second_token", "ms", 1e6), ("inter_token_latency", "ms", 1e6),
            ("inter_chunk_latency", "ms", 1e6), ("request_latency", "ms", 1e6), ("output_token_throughput_per_user", "tokens/sec/user", 1e3),
            ("e2e_output_token_throughput", "tokens/sec", 1e3), ("input_sequence_length", "tokens", 1), ("output_sequence_length", "tokens", 1),
        })
        {
            Distribution(tag, unit, resolution);
        }

        var multiTurn = run.Records.Any(r => r.Turn > 0);
        long first = long.MaxValue, last = long.MinValue, totalIsl = 0, totalOsl = 0;
        int ok = 0, failed = 0, good = 0;
        foreach (var record in run.Records)
        {
            first = Math.Min(first, record.Start);
            last = Math.Max(last, record.End);
            if (!record.Succeeded)
            {
                failed++;
                var name = record.Outcome.Name();
                metrics.Errors[name] = metrics.Errors.TryGetValue(name, out var seen) ? (seen.Count + 1, seen.Example) : (1, record.Error ?? name);
                continue;
            }

            ok++;
            metrics.NotStreamed += record.NotStreamed ? 1 : 0;
            metrics.ClientCounted += record.ServerCounted ? 0 : 1;
            totalIsl += record.InputTokens;
            totalOsl += record.OutputTokens;
            var latency = (record.End - record.Start) * ms;
            var values = new Dictionary<string, double> { ["request_latency"] = latency };
            Distribution("request_latency", "ms", 1e6).Record(latency);
            Distribution("input_sequence_length", "tokens", 1).Record(record.InputTokens);
            Distribution("output_sequence_length", "tokens", 1).Record(record.OutputTokens);
            if (latency > 0)
            {
                Distribution("e2e_output_token_throughput", "tokens/sec", 1e3).Record(record.OutputTokens / (latency / 1_000));
            }

            TurnMetrics? turn = null;
            if (multiTurn)
            {
                if (!metrics.Turns.TryGetValue(record.Turn, out turn))
                {
                    metrics.Turns[record.Turn] = turn = new TurnMetrics();
                }

                turn.InputSequenceLength.Record(record.InputTokens);
                turn.RequestLatency.Record(latency);
            }

            if (record.Chunks.Count > 0)
            {
                var ttft = (record.Chunks[0] - record.Start) * ms;
                turn?.TimeToFirstToken.Record(ttft);
                values["time_to_first_token"] = ttft;
                Distribution("time_to_first_token", "ms", 1e6).Record(ttft);
                if (!record.NotStreamed && record.OutputTokens >= 2)
                {
                    var itl = (latency - ttft) / (record.OutputTokens - 1);
                    values["inter_token_latency"] = itl;
                    Distribution("inter_token_latency", "ms", 1e6).Record(itl);
                    if (itl > 0)
                    {
                        values["output_token_throughput_per_user"] = 1_000 / itl;
                        Distribution("output_token_throughput_per_user", "tokens/sec/user", 1e3).Record(1_000 / itl);
                    }
                }

                if (record.Chunks.Count >= 2)
                {
                    Distribution("time_to_second_token", "ms", 1e6).Record((record.Chunks[1] - record.Chunks[0]) * ms);
                }

                for (var i = 1; i < record.Chunks.Count; i++)
                {
                    Distribution("inter_chunk_latency", "ms", 1e6).Record((record.Chunks[i] - record.Chunks[i - 1]) * ms);
                }

                // Not an AIPerf metric: only when the server stamped its chunks with their send time.
                foreach (var delivery in record.ChunkDelivery ?? [])
                {
                    Distribution("chunk_delivery_latency", "ms", 1e6).Record(delivery * ms);
                }

                // Not an AIPerf metric either: when the kernel's receive stamps were read (RightSize's own client).
                foreach (var waited in record.ReadWait ?? [])
                {
                    Distribution("chunk_socket_wait", "ms", 1e6).Record(waited / 1e6);
                }
            }

            // A metric the request has no value for (ITL of a one-token answer) does not count against it, as in AIPerf.
            good += slos.All(slo => !values.TryGetValue(slo.Tag, out var value) || slo.IsMet(value)) ? 1 : 0;
        }

        var duration = run.Records.Count == 0 ? 0 : (last - first) / timestampFrequency;
        double PerSecond(double count) => duration > 0 ? count / duration : 0;
        metrics.Scalars["request_throughput"] = new("requests/sec", PerSecond(ok));
        metrics.Scalars["output_token_throughput"] = new("tokens/sec", PerSecond(totalOsl));
        metrics.Scalars["total_token_throughput"] = new("tokens/sec", PerSecond(totalIsl + totalOsl));
        metrics.Scalars["request_count"] = new("requests", ok);
        metrics.Scalars["error_request_count"] = new("requests", failed);
        metrics.Scalars["benchmark_duration"] = new("sec", duration);
        metrics.Scalars["total_isl"] = new("tokens", totalIsl);
        metrics.Scalars["total_osl"] = new("tokens", totalOsl);
        if (slos.Count > 0)
        {
            metrics.Scalars["goodput"] = new("requests/sec", PerSecond(good));
            metrics.Scalars["good_request_count"] = new("requests", good);
            metrics.Scalars["good_request_fraction"] = new("ratio", ok + failed == 0 ? 0 : (double)good / (ok + failed));
        }

        return metrics;
    }
}
