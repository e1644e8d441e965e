using System.Globalization;
using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands.Llm;

/// <summary><c>rightsize llm benchmark</c> with multi-turn conversations and with GuideLLM's <c>--sweep</c>, against the simulated engine.</summary>
public sealed class LlmConversationAndSweepTests
{
    [Fact]
    public async Task Each_turn_of_a_conversation_carries_the_history_so_the_servers_input_tokens_grow_by_the_last_answer_and_prompt()
    {
        await using var server = await ModelServerProcess.StartAsync("--llm-synthetic");
        using var run = new CliRun();
        var dataset = run.Write("chat.jsonl", """
            {"session_id": "a", "turns": [{"text": "one two three four", "output_length": 5}, {"text": "five six seven", "output_length": 5}, {"text": "eight nine", "output_length": 5}]}
            """);
        var spec = run.Write("spec.json", """{"benchmark": {"type": "aiperf"}, "parameters": {"request_count": 2}}""");

        var code = await run.RunAsync("llm", "benchmark", new Uri(server.BaseAddress, "v1/chat/completions").ToString(),
            "--workload", spec, "--dataset", dataset, "--concurrency", "2", "--output", run.PathOf("out"));

        Assert.True(code == 0, run.Text);
        using var json = JsonDocument.Parse(File.ReadAllText(run.PathOf("out", "profile_export_aiperf.json")));
        // Two conversations of three turns; the server counts every message's words: 4, then 4 + 5 (answer) + 3, then 12 + 5 + 2.
        Assert.Equal(6, json.RootElement.GetProperty("request_count").GetProperty("avg").GetDouble());
        var turns = json.RootElement.GetProperty("per_turn").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], turns.Select(t => t.GetProperty("turn_index").GetInt32()));
        Assert.Equal([2, 2, 2], turns.Select(t => t.GetProperty("request_count").GetInt32()));
        Assert.Equal([4.0, 12.0, 19.0], turns.Select(t => t.GetProperty("input_sequence_length_avg").GetDouble()));
        Assert.Contains("concurrency_2: turn 3: 2 requests, input tokens avg 19 (with the history)", run.Text);
    }

    [Fact]
    public async Task A_conversation_line_with_a_broken_turn_is_rejected_naming_the_line_and_the_turn()
    {
        using var run = new CliRun();
        var dataset = run.Write("chat.jsonl", """
            {"turns": [{"text": "fine"}, {"text": "fine too"}]}
            {"turns": [{"text": "a"}, {"text": "b", "image": "x.png"}]}
            {"session_id": "c", "turns": []}
            {"turns": [{"text": "d"}], "delay": 5}
            """);

        var code = await run.RunAsync("llm", "benchmark", "http://127.0.0.1:9/v1/chat/completions", "--dataset", dataset);

        Assert.Equal(2, code);
        Assert.Contains("chat.jsonl: line 2: turns[1]: unknown key 'image'", run.Text);
        Assert.Contains("chat.jsonl: line 3: turns must be a non-empty list", run.Text);
        Assert.Contains("chat.jsonl: line 4: unknown key 'delay'; a conversation has turns and optionally session_id", run.Text);
        Assert.DoesNotContain("line 1:", run.Text);
    }

    [Fact]
    public async Task A_sweep_runs_one_at_a_time_then_maximum_throughput_then_four_constant_rates_evenly_between_the_two()
    {
        await using var server = await ModelServerProcess.StartAsync("--llm-synthetic");
        using var run = new CliRun();
        var spec = run.Write("spec.json", """{"benchmark": {"type": "aiperf"}, "parameters": {"isl": 10, "osl": 4, "request_count": 16}}""");

        var code = await run.RunAsync("llm", "benchmark", new Uri(server.BaseAddress, "v1/chat/completions").ToString(),
            "--workload", spec, "--sweep", "--output", run.PathOf("out"));

        Assert.True(code == 0, run.Text);
        double Throughput(string label)
        {
            using var export = JsonDocument.Parse(File.ReadAllText(run.PathOf("out", label, "profile_export_aiperf.json")));
            Assert.Equal(16, export.RootElement.GetProperty("request_count").GetProperty("avg").GetDouble());
            return export.RootElement.GetProperty("request_throughput").GetProperty("avg").GetDouble();
        }

        var low = Throughput("concurrency_1");
        var high = Throughput("concurrency_32");
        Assert.True(high > low, $"32 in flight ({high:0.#} req/s) must beat one at a time ({low:0.#})");
        var rates = Directory.GetDirectories(run.PathOf("out"), "rate_*").Select(d => double.Parse(Path.GetFileName(d)["rate_".Length..], CultureInfo.InvariantCulture))
            .Order().ToList();
        Assert.Equal(4, rates.Count);
        for (var k = 1; k <= 4; k++)
        {
            Assert.Equal(low + ((high - low) * k / 5), rates[k - 1], 0.001);
            Throughput(string.Create(CultureInfo.InvariantCulture, $"rate_{rates[k - 1]:0.###}"));
        }

        using var sweep = JsonDocument.Parse(File.ReadAllText(run.PathOf("out", "sweep_aggregate", "profile_export_aiperf_sweep.json")));
        Assert.Equal(6, sweep.RootElement.GetProperty("per_combination_metrics").GetArrayLength());
    }
}
