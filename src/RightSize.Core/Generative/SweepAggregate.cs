using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RightSize.Generative;

/// <summary>
/// AIPerf's sweep aggregate over passes (<c>sweep_aggregate/profile_export_aiperf_sweep.json</c> and <c>.csv</c>): one
/// entry per pass with its parameters and headline metrics (one trial each, so only <c>mean</c> and <c>unit</c>), the
/// best throughput and best p99 TTFT, and the Pareto front of request throughput against p99 TTFT.
/// </summary>
public static class SweepAggregate
{
    public const string Folder = "sweep_aggregate";
    public const string JsonFile = "profile_export_aiperf_sweep.json";
    public const string CsvFile = "profile_export_aiperf_sweep.csv";

    private static readonly (string Key, string Unit, Func<GenerativeMetrics, double?> Value)[] Headline =
    [
        ("request_throughput_avg", "requests/sec", m => m.Scalar("request_throughput")),
        ("output_token_throughput_avg", "tokens/sec", m => m.Scalar("output_token_throughput")),
        ("ttft_p50_ms", "ms", m => P(m, "time_to_first_token", 50)),
        ("ttft_p99_ms", "ms", m => P(m, "time_to_first_token", 99)),
        ("itl_p50_ms", "ms", m => P(m, "inter_token_latency", 50)),
        ("itl_p99_ms", "ms", m => P(m, "inter_token_latency", 99)),
        ("request_latency_p50_ms", "ms", m => P(m, "request_latency", 50)),
        ("request_latency_p99_ms", "ms", m => P(m, "request_latency", 99)),
        ("error_request_count", "requests", m => m.Scalar("error_request_count")),
    ];

    public static void Write(string directory, IReadOnlyList<(StreamLoadOptions Pass, GenerativeMetrics Metrics)> passes)
    {
        var folder = Path.Combine(directory, Folder);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, JsonFile), Json(passes));
        File.WriteAllText(Path.Combine(folder, CsvFile), Csv(passes));
    }

    public static string Json(IReadOnlyList<(StreamLoadOptions Pass, GenerativeMetrics Metrics)> passes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("aggregation_type", "sweep");
            json.WriteString("generator", "rightsize");
            json.WriteNumber("num_profile_runs", passes.Count);
            json.WriteNumber("num_successful_runs", passes.Count(p => p.Metrics.Scalar("request_count") > 0));
            json.WriteStartArray("failed_runs");
            foreach (var (pass, _) in passes.Where(p => p.Metrics.Scalar("request_count") == 0))
            {
                json.WriteStringValue(pass.Label);
            }

            json.WriteEndArray();
            json.WriteStartObject("metadata");
            json.WriteStartArray("sweep_parameters");
            json.WriteStartObject();
            json.WriteString("name", passes.Any(p => p.Pass.Rate is not null) ? "request_rate" : "concurrency");
            json.WriteStartArray("values");
            foreach (var (pass, _) in passes)
            {
                json.WriteNumberValue(pass.Rate ?? pass.Concurrency ?? 1);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteNumber("num_combinations", passes.Count);
            json.WriteEndObject();
            json.WriteStartArray("per_combination_metrics");
            foreach (var (pass, metrics) in passes)
            {
                json.WriteStartObject();
                WriteParameters(json, pass);
                json.WriteStartObject("metrics");
                foreach (var (key, unit, value) in Headline)
                {
                    if (value(metrics) is { } v)
                    {
                        json.WriteStartObject(key);
                        json.WriteNumber("mean", Math.Round(v, 4));
                        json.WriteString("unit", unit);
                        json.WriteEndObject();
                    }
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("best_configurations");
            WriteBest(json, "best_throughput", passes.MaxBy(p => p.Metrics.Scalar("request_throughput")), "request_throughput_avg", "requests/sec",
                m => m.Scalar("request_throughput"));
            WriteBest(json, "best_latency_p99", passes.Where(p => P(p.Metrics, "time_to_first_token", 99) is not null)
                .MinBy(p => P(p.Metrics, "time_to_first_token", 99)), "ttft_p99_ms", "ms", m => P(m, "time_to_first_token", 99) ?? 0);
            json.WriteEndObject();
            json.WriteStartArray("pareto_optimal");
            foreach (var (pass, _) in Pareto(passes))
            {
                json.WriteStartObject();
                WriteParameters(json, pass);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Csv(IReadOnlyList<(StreamLoadOptions Pass, GenerativeMetrics Metrics)> passes)
    {
        var text = new StringBuilder("pass,").AppendJoin(',', Headline.Select(h => h.Key)).Append('\n');
        foreach (var (pass, metrics) in passes)
        {
            text.Append(pass.Label);
            foreach (var (_, _, value) in Headline)
            {
                text.Append(',').Append(value(metrics) is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : string.Empty);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    // Passes no other pass beats on both request throughput (higher) and p99 TTFT (lower).
    private static IEnumerable<(StreamLoadOptions Pass, GenerativeMetrics Metrics)> Pareto(IReadOnlyList<(StreamLoadOptions Pass, GenerativeMetrics Metrics)> passes)
    {
        var measured = passes.Where(p => P(p.Metrics, "time_to_first_token", 99) is not null).ToList();
        return measured.Where(p => !measured.Any(q =>
            q.Metrics.Scalar("request_throughput") >= p.Metrics.Scalar("request_throughput")
            && P(q.Metrics, "time_to_first_token", 99) <= P(p.Metrics, "time_to_first_token", 99)
            && (q.Metrics.Scalar("request_throughput") > p.Metrics.Scalar("request_throughput")
                || P(q.Metrics, "time_to_first_token", 99) < P(p.Metrics, "time_to_first_token", 99))));
    }

    private static void WriteBest(Utf8JsonWriter json, string name, (StreamLoadOptions Pass, GenerativeMetrics Metrics) best, string metric, string unit,
        Func<GenerativeMetrics, double> value)
    {
        if (best.Pass is null)
        {
            return;
        }

        json.WriteStartObject(name);
        WriteParameters(json, best.Pass);
        json.WriteString("metric", metric);
        json.WriteNumber("value", Math.Round(value(best.Metrics), 4));
        json.WriteString("unit", unit);
        json.WriteEndObject();
    }

    private static void WriteParameters(Utf8JsonWriter json, StreamLoadOptions pass)
    {
        json.WriteStartObject("parameters");
        if (pass.Rate is { } rate)
        {
            json.WriteNumber("request_rate", rate);
        }

        if (pass.Concurrency is { } concurrency)
        {
            json.WriteNumber("concurrency", concurrency);
        }

        json.WriteEndObject();
    }

    private static double? P(GenerativeMetrics metrics, string tag, double percentile) =>
        metrics.Distributions.TryGetValue(tag, out var d) && d.Count > 0 ? d.Percentile(percentile) : null;
}
