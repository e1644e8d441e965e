using System.Globalization;

namespace RightSize.Generative;

/// <summary>
/// The summary row of a pass (load against TTFT, ITL, throughput, goodput and, with an hourly price, USD per 1M output
/// tokens) and the notes that qualify it; the CLI's table and every report print these.
/// </summary>
public static class GenerativeSummary
{
    public static IReadOnlyList<string> Columns(bool priced) =>
    [
        "pass", "requests", "errors", "req/s", "output tok/s", "TTFT p50 ms", "TTFT p99 ms", "ITL p50 ms", "ITL p99 ms", "latency p99 ms", "goodput req/s",
        .. priced ? (string[])["USD per 1M output tokens"] : [],
    ];

    public static IReadOnlyList<string> Row(GenerativeMetrics m, double? pricePerHour)
    {
        string P(string tag, double percentile) => m.Distributions.TryGetValue(tag, out var d) && d.Count > 0 ? F(d.Percentile(percentile), "0.0") : "-";
        var cost = pricePerHour is { } price ? GenerativeCost.PerMillionOutputTokens(price, m.Scalar("output_token_throughput")) : null;
        return
        [
            m.Label, F(m.Scalar("request_count"), "0"), F(m.Scalar("error_request_count"), "0"), F(m.Scalar("request_throughput"), "0.00"),
            F(m.Scalar("output_token_throughput"), "0.0"), P("time_to_first_token", 50), P("time_to_first_token", 99),
            P("inter_token_latency", 50), P("inter_token_latency", 99), P("request_latency", 99),
            m.Scalars.ContainsKey("goodput") ? F(m.Scalar("goodput"), "0.00") : "-",
            .. pricePerHour is null ? (string[])[] : [cost is { } c ? F(c, "0.0000") : "-"],
        ];
    }

    public static IEnumerable<string> Notes(GenerativeMetrics m)
    {
        foreach (var (outcome, (count, example)) in m.Errors)
        {
            yield return $"{m.Label}: {count} {outcome} (e.g. {example})";
        }

        if (m.NotStreamed > 0)
        {
            yield return $"{m.Label}: {m.NotStreamed} answers were not streamed although asked; their TTFT is their whole latency";
        }

        foreach (var (turn, t) in m.Turns)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{m.Label}: turn {turn + 1}: {t.RequestLatency.Count} requests, input tokens avg {t.InputSequenceLength.Mean:0.#} (with the history), TTFT avg {(t.TimeToFirstToken.Count > 0 ? F(t.TimeToFirstToken.Mean, "0.0") : "-")} ms, latency avg {t.RequestLatency.Mean:0.0} ms");
        }

        if (m.ClientCounted > 0)
        {
            yield return $"{m.Label}: {m.ClientCounted} answers had no usage; their tokens were counted with {TokenCounter.Name}";
        }
    }

    /// <summary>A Markdown table of the passes.</summary>
    public static string MarkdownTable(IEnumerable<GenerativeMetrics> passes, double? pricePerHour)
    {
        var columns = Columns(pricePerHour is not null);
        var text = new System.Text.StringBuilder("| ").AppendJoin(" | ", columns).Append(" |\n|").Append(string.Concat(Enumerable.Repeat("---|", columns.Count))).Append('\n');
        foreach (var m in passes)
        {
            text.Append("| ").AppendJoin(" | ", Row(m, pricePerHour)).Append(" |\n");
        }

        return text.ToString();
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
