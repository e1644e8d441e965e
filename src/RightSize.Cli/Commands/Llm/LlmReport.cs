using System.Globalization;
using System.Text;
using RightSize.Generative;
using Spectre.Console;

namespace RightSize.Cli.Commands.Llm;

/// <summary>The summary of a benchmark: one row per pass (load against TTFT, ITL and throughput), as a table and as Markdown.</summary>
internal static class LlmReport
{
    private static readonly string[] Columns =
        ["pass", "requests", "errors", "req/s", "output tok/s", "TTFT p50 ms", "TTFT p99 ms", "ITL p50 ms", "ITL p99 ms", "latency p99 ms", "goodput req/s"];

    public static void Print(IAnsiConsole console, IReadOnlyList<GenerativeMetrics> results)
    {
        var table = new Table().AddColumns(Columns);
        foreach (var row in results.Select(Row))
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        console.Write(table);
        foreach (var note in results.SelectMany(Notes))
        {
            console.MarkupLine(Markup.Escape(note));
        }
    }

    public static string Markdown(LlmBenchmarkInput input, IReadOnlyList<GenerativeMetrics> results)
    {
        var text = new StringBuilder("# LLM benchmark\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- endpoint: {input.Client.Url} ({input.Client.Protocol.Name()}, {(input.Client.Streaming ? "streaming" : "not streaming")})\n");
        text.Append(CultureInfo.InvariantCulture, $"- prompts: {input.PromptSource}\n");
        text.Append(CultureInfo.InvariantCulture, $"- tokens: the server's usage when reported, else {TokenCounter.Name}\n");
        text.Append("- TTFT = first non-empty chunk - request start (the intended send time in open loop); ITL = (latency - TTFT) / (output tokens - 1)\n\n");
        text.Append("| ").AppendJoin(" | ", Columns).Append(" |\n|").Append(string.Concat(Enumerable.Repeat("---|", Columns.Length))).Append('\n');
        foreach (var row in results.Select(Row))
        {
            text.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }

        foreach (var note in results.SelectMany(Notes))
        {
            text.Append("\n- ").Append(note);
        }

        return text.Append('\n').ToString();
    }

    private static string[] Row(GenerativeMetrics m)
    {
        string P(string tag, double percentile) => m.Distributions.TryGetValue(tag, out var d) && d.Count > 0 ? F(d.Percentile(percentile), "0.0") : "-";
        return
        [
            m.Label, F(m.Scalar("request_count"), "0"), F(m.Scalar("error_request_count"), "0"), F(m.Scalar("request_throughput"), "0.00"),
            F(m.Scalar("output_token_throughput"), "0.0"), P("time_to_first_token", 50), P("time_to_first_token", 99),
            P("inter_token_latency", 50), P("inter_token_latency", 99), P("request_latency", 99),
            m.Scalars.ContainsKey("goodput") ? F(m.Scalar("goodput"), "0.00") : "-",
        ];
    }

    private static IEnumerable<string> Notes(GenerativeMetrics m)
    {
        foreach (var (outcome, (count, example)) in m.Errors)
        {
            yield return $"{m.Label}: {count} {outcome} (e.g. {example})";
        }

        if (m.NotStreamed > 0)
        {
            yield return $"{m.Label}: {m.NotStreamed} answers were not streamed although asked; their TTFT is their whole latency";
        }

        if (m.ClientCounted > 0)
        {
            yield return $"{m.Label}: {m.ClientCounted} answers had no usage; their tokens were counted with {TokenCounter.Name}";
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
