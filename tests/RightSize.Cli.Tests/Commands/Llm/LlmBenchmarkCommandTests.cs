using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands.Llm;

/// <summary><c>rightsize llm benchmark</c> end to end against the simulated LLM engine, and its answers to bad input.</summary>
public sealed class LlmBenchmarkCommandTests
{
    [Fact]
    public async Task A_dataset_at_two_concurrency_levels_writes_aiperf_exports_per_level_a_sweep_aggregate_and_a_report_with_cost_per_token()
    {
        await using var server = await ModelServerProcess.StartAsync("--llm-synthetic");
        using var run = new CliRun();
        var dataset = run.Write("prompts.jsonl", "{\"text\": \"one two three four\", \"output_length\": 5}\n\n{\"prompt\": \"five six\", \"max_tokens\": 3}\n");

        var code = await run.RunAsync("llm", "benchmark", new Uri(server.BaseAddress, "v1/chat/completions").ToString(),
            "--dataset", dataset, "--concurrency", "1,2", "--price-per-hour", "1.408", "--output", run.PathOf("out"));

        Assert.True(code == 0, run.Text);
        foreach (var level in new[] { 1, 2 })
        {
            using var json = JsonDocument.Parse(File.ReadAllText(run.PathOf("out", $"concurrency_{level}", "profile_export_aiperf.json")));
            var root = json.RootElement;
            // AIPerf's default request count for a pass is max(10, 2 x concurrency); the two prompts alternate (5 and 3 tokens).
            Assert.Equal(10, root.GetProperty("request_count").GetProperty("avg").GetDouble());
            Assert.Equal(10, root.GetProperty("time_to_first_token").GetProperty("count").GetInt64());
            Assert.Equal(40, root.GetProperty("total_osl").GetProperty("avg").GetDouble());
            Assert.Equal(0, root.GetProperty("run_info").GetProperty("client_counted_request_count").GetInt32());
            Assert.StartsWith("Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std\nTime to First Token (ms),",
                File.ReadAllText(run.PathOf("out", $"concurrency_{level}", "profile_export_aiperf.csv")));
        }

        var report = File.ReadAllText(run.PathOf("out", "report.md"));
        Assert.Contains("| concurrency_2 | 10 | 0 |", report);
        using (var level2 = JsonDocument.Parse(File.ReadAllText(run.PathOf("out", "concurrency_2", "profile_export_aiperf.json"))))
        {
            // USD per 1M output tokens = price per hour / output tokens per hour x 10^6, from the pass's own rate.
            var tokensPerSecond = level2.RootElement.GetProperty("output_token_throughput").GetProperty("avg").GetDouble();
            Assert.Contains((1.408 / (tokensPerSecond * 3600) * 1_000_000).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) + " |", report);
        }

        using var sweep = JsonDocument.Parse(File.ReadAllText(run.PathOf("out", "sweep_aggregate", "profile_export_aiperf_sweep.json")));
        Assert.Equal(2, sweep.RootElement.GetProperty("per_combination_metrics").GetArrayLength());
        Assert.Contains("cl100k_base", run.Text);
    }

    [Fact]
    public async Task A_bad_workload_gets_every_error_with_its_path_and_exit_code_2()
    {
        using var run = new CliRun();
        var spec = run.Write("spec.yaml", """
            benchmark:
              type: locust
            parameters:
              isl: 100
              prompt_input_tokens_stddev: -5
              concurrency: [1, 0]
              search_recipe: max-throughput
              search_initial_points: []
              colour: blue
            """);

        var code = await run.RunAsync("llm", "benchmark", "http://127.0.0.1:9/v1/chat/completions", "--workload", spec);

        Assert.Equal(2, code);
        Assert.Contains("spec.yaml: benchmark.type: 'locust' is not supported; use aiperf", run.Text);
        Assert.Contains("spec.yaml: parameters.prompt_input_tokens_stddev: -5 is impossible; give a number of 0 or more", run.Text);
        Assert.Contains("spec.yaml: parameters.concurrency[1]: 0 is impossible", run.Text);
        Assert.Contains("spec.yaml: parameters.search_recipe: 'max-throughput' is not supported; use max-concurrency-under-sla", run.Text);
        Assert.Contains("spec.yaml: parameters.search_initial_points: the list is empty; give levels, e.g. [1, 4, 16]", run.Text);
        Assert.Contains("spec.yaml: parameters.colour: unknown parameter", run.Text);
        Assert.DoesNotContain("   at ", run.Text);
    }

    [Fact]
    public async Task A_dataset_with_broken_lines_is_rejected_with_each_line_number()
    {
        using var run = new CliRun();
        var dataset = run.Write("data.jsonl", "{\"text\": \"fine\"}\n{\"text\": \"cut\n{\"text\": \"x\", \"image\": \"y\"}\n[1]\n");

        var code = await run.RunAsync("llm", "benchmark", "http://127.0.0.1:9/v1/completions", "--dataset", dataset, "--rate", "0");

        Assert.Equal(2, code);
        Assert.Contains("data.jsonl: line 2: not valid JSON", run.Text);
        Assert.Contains("data.jsonl: line 3: unknown key 'image'", run.Text);
        Assert.Contains("data.jsonl: line 4: not a JSON object", run.Text);
        Assert.Contains("--rate: 0 must be above 0 requests per second", run.Text);
    }

    [Fact]
    public async Task Inference_components_are_invoked_by_name_in_turn_and_a_component_the_endpoint_lacks_fails_with_its_name()
    {
        await using var server = await ModelServerProcess.StartLlmAsync(new Dictionary<string, string> { ["RIGHTSIZE_LLM_INFERENCE_COMPONENTS"] = "llama-a,llama-b" });
        using var run = new CliRun();
        var spec = run.Write("spec.json", """{"benchmark": {"type": "aiperf"}, "parameters": {"isl": 5, "osl": 2, "request_count": 6, "concurrency": 1}}""");

        // Round robin over a hosted component and one the endpoint does not host: every other request is refused.
        var code = await run.RunAsync("llm", "benchmark", new Uri(server.BaseAddress, "v1/chat/completions").ToString(),
            "--workload", spec, "--inference-component", "llama-a, llama-c", "--output", run.PathOf("out"));

        Assert.True(code == 0, run.Text);
        Assert.Contains("inference components llama-a, llama-c (round_robin)", run.Text);
        using var json = JsonDocument.Parse(File.ReadAllText(run.PathOf("out", "profile_export_aiperf.json")));
        Assert.Equal(3, json.RootElement.GetProperty("request_count").GetProperty("avg").GetDouble());
        Assert.Equal(3, json.RootElement.GetProperty("error_request_count").GetProperty("avg").GetDouble());
        var error = Assert.Single(json.RootElement.GetProperty("error_summary").EnumerateArray());
        Assert.Equal("http_status", error.GetProperty("type").GetString());
        Assert.Contains("'llama-c' is not deployed on this endpoint", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_inference_component_name_SageMaker_would_refuse_is_rejected_before_any_request()
    {
        using var run = new CliRun();
        var spec = run.Write("spec.json", """{"benchmark": {"type": "aiperf"}, "parameters": {"isl": 5, "osl": 2, "request_count": 3}}""");

        var code = await run.RunAsync("llm", "benchmark", "http://127.0.0.1:9/v1/chat/completions", "--workload", spec, "--inference-component", "llama-a,-bad_name");

        Assert.Equal(2, code);
        Assert.Contains("--inference-component: '-bad_name' is not an inference component name; give 1 to 63 letters, digits and inner hyphens", run.Text);
        Assert.DoesNotContain("connection_error", run.Text);
    }

    [Fact]
    public async Task An_endpoint_that_is_down_is_reported_as_connection_errors_with_exit_code_1()
    {
        using var run = new CliRun();
        var spec = run.Write("spec.json", """{"benchmark": {"type": "aiperf"}, "parameters": {"isl": 5, "osl": 2, "request_count": 3}}""");

        var code = await run.RunAsync("llm", "benchmark", "http://127.0.0.1:9/v1/chat/completions", "--workload", spec, "--output", run.PathOf("out"));

        Assert.Equal(1, code);
        Assert.Contains("3 connection_error", run.Text);
        using var json = JsonDocument.Parse(File.ReadAllText(run.PathOf("out", "profile_export_aiperf.json")));
        Assert.Equal(3, json.RootElement.GetProperty("error_request_count").GetProperty("avg").GetDouble());
    }
}
