using System.Globalization;
using System.Text;
using RightSize.Generative;
using Spectre.Console;

namespace RightSize.Cli.Commands.Llm;

/// <summary>
/// The summary of a benchmark: one row per pass (load against TTFT, ITL and throughput, and USD per 1M output tokens
/// when an instance type or price is given), as a table and as Markdown.
/// </summary>
internal static class LlmReport
{
    public static void Print(IAnsiConsole console, IReadOnlyList<GenerativeMetrics> results, LlmPrice? price, SearchOutcome? search)
    {
        var table = new Table().AddColumns([.. GenerativeSummary.Columns(price is not null)]);
        foreach (var row in results.Select(m => GenerativeSummary.Row(m, price?.PerHour)))
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        console.Write(table);
        if (price is not null)
        {
            console.MarkupLine(Markup.Escape(price.Describe()));
        }

        foreach (var note in results.SelectMany(GenerativeSummary.Notes))
        {
            console.MarkupLine(Markup.Escape(note));
        }

        if (search is not null)
        {
            console.MarkupLine(Markup.Escape($"{search.Describe()}; details in {SearchHistory.File}"));
        }
    }

    public static string Markdown(LlmBenchmarkInput input, IReadOnlyList<GenerativeMetrics> results, LlmPrice? price, SearchOutcome? search)
    {
        var text = new StringBuilder("# LLM benchmark\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- endpoint: {input.Client.Url} ({input.Client.Protocol.Name()}, {(input.Client.Streaming ? "streaming" : "not streaming")})\n");
        text.Append(CultureInfo.InvariantCulture, $"- prompts: {input.PromptSource}\n");
        text.Append(CultureInfo.InvariantCulture, $"- tokens: the server's usage when reported, else {TokenCounter.Name}\n");
        if (price is not null)
        {
            text.Append("- ").Append(price.Describe()).Append('\n');
        }

        if (search is not null)
        {
            text.Append("- ").Append(search.Describe()).Append('\n');
        }

        text.Append("- TTFT = first non-empty chunk - request start (the intended send time in open loop); ITL = (latency - TTFT) / (output tokens - 1)\n\n");
        text.Append(GenerativeSummary.MarkdownTable(results, price?.PerHour));
        foreach (var note in results.SelectMany(GenerativeSummary.Notes))
        {
            text.Append("\n- ").Append(note);
        }

        return text.Append('\n').ToString();
    }
}

/// <summary>The hourly price the cost per token is computed from, and where it came from.</summary>
internal sealed record LlmPrice(double PerHour, string Source)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"cost per 1M output tokens = {PerHour} USD/hour ({Source}) / output tokens per hour x 10^6");
}
