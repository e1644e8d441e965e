using System.Globalization;
using System.Text;
using RightSize.Generative;

namespace RightSize.Server.Generative;

/// <summary>The Markdown reports of AI benchmark and recommendation jobs: load against TTFT, ITL, throughput and cost per 1M output tokens.</summary>
internal static class AiReport
{
    public static string Benchmark(string jobName, string target, StreamClientOptions client, AiWorkload workload,
        IReadOnlyList<(StreamLoadOptions Pass, GenerativeMetrics Metrics)> passes, AiInstance? instance, SearchOutcome? search)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"# AI benchmark job {jobName}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- target: {target}, {client.Url} ({client.Protocol.Name()}, {(client.Streaming ? "streaming" : "not streaming")})\n");
        text.Append(CultureInfo.InvariantCulture, $"- prompts: {workload.PromptSource}\n");
        text.Append(CultureInfo.InvariantCulture, $"- tokens: the server's usage when reported, else {TokenCounter.Name}\n");
        text.Append(instance is null
            ? "- cost: the endpoint's instance type is not known (a workspace endpoint), so there is no cost per token\n"
            : string.Create(CultureInfo.InvariantCulture, $"- instance: {instance.InstanceType} at {instance.PricePerHour} USD/hour; cost per 1M output tokens = price per hour / output tokens per hour x 10^6{(instance.Note is { } n ? "; " + n : string.Empty)}\n"));
        if (search is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"- search ({SlaSearch.Recipe}): {search.Describe()}; each probe in its concurrency_N folder, the search in {SearchHistory.File}\n");
        }

        text.Append("- TTFT = first non-empty chunk - request start (the intended send time in open loop); ITL = (latency - TTFT) / (output tokens - 1)\n\n");
        text.Append(GenerativeSummary.MarkdownTable(passes.Select(p => p.Metrics), instance?.PricePerHour));
        foreach (var note in passes.SelectMany(p => GenerativeSummary.Notes(p.Metrics)))
        {
            text.Append("\n- ").Append(note);
        }

        return text.Append('\n').ToString();
    }

    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
