using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RightSize.Generative;

/// <summary>
/// Writes a pass's metrics as AIPerf does: <c>profile_export_aiperf.json</c> (one block per metric tag: record metrics
/// with unit, avg, min, max, p1-p99, std, count and sum; scalar ones with unit and avg) and <c>profile_export_aiperf.csv</c>
/// (a percentile section, a blank line, a Metric,Value section; two decimals). Extra keys say what generated the file
/// and which tokenizer counted tokens.
/// </summary>
public static class AiperfExport
{
    public const string JsonFile = "profile_export_aiperf.json";
    public const string CsvFile = "profile_export_aiperf.csv";

    private static readonly (string Key, double Percentile)[] Percentiles =
        [("p1", 1), ("p5", 5), ("p10", 10), ("p25", 25), ("p50", 50), ("p75", 75), ("p90", 90), ("p95", 95), ("p99", 99)];

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["time_to_first_token"] = "Time to First Token",
        ["time_to_second_token"] = "Time to Second Token",
        ["inter_token_latency"] = "Inter Token Latency",
        ["inter_chunk_latency"] = "Inter Chunk Latency",
        ["request_latency"] = "Request Latency",
        ["chunk_delivery_latency"] = "Chunk Delivery Latency",
        ["chunk_socket_wait"] = "Chunk Socket Wait",
        ["output_token_throughput_per_user"] = "Output Token Throughput Per User",
        ["e2e_output_token_throughput"] = "E2E Output Token Throughput",
        ["input_sequence_length"] = "Input Sequence Length",
        ["output_sequence_length"] = "Output Sequence Length",
        ["request_throughput"] = "Request Throughput",
        ["output_token_throughput"] = "Output Token Throughput",
        ["total_token_throughput"] = "Total Token Throughput",
        ["request_count"] = "Request Count",
        ["error_request_count"] = "Error Request Count",
        ["benchmark_duration"] = "Benchmark Duration",
        ["total_isl"] = "Total ISL",
        ["total_osl"] = "Total OSL",
        ["goodput"] = "Goodput",
        ["good_request_count"] = "Good Request Count",
        ["good_request_fraction"] = "Good Request Fraction",
    };

    public static void Write(string directory, GenerativeMetrics metrics, DateTimeOffset start, DateTimeOffset end, bool cancelled)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, JsonFile), Json(metrics, start, end, cancelled));
        File.WriteAllText(Path.Combine(directory, CsvFile), Csv(metrics));
    }

    public static string Json(GenerativeMetrics metrics, DateTimeOffset start, DateTimeOffset end, bool cancelled)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("schema_version", "1.5");
            json.WriteString("generator", "rightsize llm benchmark");
            json.WriteString("tokenizer", TokenCounter.Name);
            json.WriteString("start_time", start.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("end_time", end.ToString("O", CultureInfo.InvariantCulture));
            json.WriteBoolean("was_cancelled", cancelled);
            json.WriteStartObject("run_info");
            json.WriteString("variation_label", metrics.Label);
            json.WriteNumber("not_streamed_request_count", metrics.NotStreamed);
            json.WriteNumber("client_counted_request_count", metrics.ClientCounted);
            json.WriteEndObject();
            json.WriteStartArray("error_summary");
            foreach (var (outcome, (count, example)) in metrics.Errors)
            {
                json.WriteStartObject();
                json.WriteString("type", outcome);
                json.WriteNumber("count", count);
                json.WriteString("message", example);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (metrics.Turns.Count > 0)
            {
                // Not an AIPerf key: multi-turn conversations per turn, as their prompts grow with the history.
                json.WriteStartArray("per_turn");
                foreach (var (turn, t) in metrics.Turns)
                {
                    json.WriteStartObject();
                    json.WriteNumber("turn_index", turn);
                    json.WriteNumber("request_count", t.RequestLatency.Count);
                    json.WriteNumber("input_sequence_length_avg", t.InputSequenceLength.Mean);
                    json.WriteNumber("time_to_first_token_avg", t.TimeToFirstToken.Count > 0 ? t.TimeToFirstToken.Mean : 0);
                    json.WriteNumber("request_latency_avg", t.RequestLatency.Mean);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            foreach (var (tag, distribution) in metrics.Distributions.Where(d => d.Value.Count > 0))
            {
                json.WriteStartObject(tag);
                json.WriteString("unit", distribution.Unit);
                json.WriteNumber("avg", distribution.Mean);
                json.WriteNumber("min", distribution.Min);
                json.WriteNumber("max", distribution.Max);
                foreach (var (key, percentile) in Percentiles)
                {
                    json.WriteNumber(key, distribution.Percentile(percentile));
                }

                json.WriteNumber("std", distribution.StandardDeviation);
                json.WriteNumber("count", distribution.Count);
                json.WriteNumber("sum", distribution.Sum);
                json.WriteEndObject();
            }

            foreach (var (tag, scalar) in metrics.Scalars)
            {
                json.WriteStartObject(tag);
                json.WriteString("unit", scalar.Unit);
                json.WriteNumber("avg", scalar.Value);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string Csv(GenerativeMetrics metrics)
    {
        var csv = new StringBuilder("Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std\n");
        foreach (var (tag, d) in metrics.Distributions.Where(d => d.Value.Count > 0))
        {
            double[] values = [d.Mean, d.Min, d.Max, .. Percentiles.Select(p => d.Percentile(p.Percentile)), d.StandardDeviation];
            csv.Append(Name(tag, d.Unit)).Append(',').AppendJoin(',', values.Select(Format)).Append('\n');
        }

        csv.Append("\nMetric,Value\n");
        foreach (var (tag, scalar) in metrics.Scalars)
        {
            csv.Append(Name(tag, scalar.Unit)).Append(',').Append(Format(scalar.Value)).Append('\n');
        }

        return csv.ToString();
    }

    // AIPerf drops the unit suffix for counts of requests.
    private static string Name(string tag, string unit)
        => unit is "requests" or "count" ? Headers[tag] : $"{Headers[tag]} ({unit})";

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
