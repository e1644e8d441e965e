using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands.Llm;

/// <summary>
/// <c>rightsize llm benchmark</c> with <c>search_recipe: max-concurrency-under-sla</c> against the simulated engine, whose
/// knee is known from its knobs: with 3 seats a request's TTFT is its prefill (10 ms) up to concurrency 3; from 4 on,
/// requests queue for a seat for a whole request (10 + 79 x 15 = 1,195 ms), 2 of 8 of them at concurrency 4, so the
/// mean TTFT is about 309 ms. The SLA sits halfway between what the engine gives at 3 and at 4: 159 ms, so a busy
/// host's delays (seen: 50 ms on average at a load of 38 on 2 cores) have 149 ms before they break the feasible side,
/// and on the infeasible side delays only add.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class LlmSlaSearchTests
{
    private const double DecodeMs = 15;

    [Fact]
    public async Task The_search_brackets_the_engines_true_knee_and_writes_aiperfs_search_history()
    {
        await using var server = await ModelServerProcess.StartLlmAsync(new Dictionary<string, string>
        {
            ["RIGHTSIZE_LLM_PREFILL_MS_PER_TOKEN"] = "0.5",
            ["RIGHTSIZE_LLM_DECODE_STEP_MS"] = DecodeMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RIGHTSIZE_LLM_MAX_BATCH"] = "3",
        });
        using var run = new CliRun();
        // Halfway between the prefill alone (20 x 0.5 ms) and the mean TTFT at concurrency 4 (2 of 8 wait a whole request).
        const double prefill = 20 * 0.5;
        var sla = Math.Round((prefill + (((6 * prefill) + (2 * (prefill + prefill + (79 * DecodeMs)))) / 8)) / 2);
        var spec = run.Write("search.yaml", $$"""
            benchmark: {type: aiperf}
            parameters:
              isl: 20
              osl: 80
              search_recipe: max-concurrency-under-sla
              ttft_sla_ms: {{sla}}
              request_count: 8
              concurrency_min: 2
              concurrency_max: 64
              warmup_request_count: 2
            """);

        var code = await run.RunAsync("llm", "benchmark", new Uri(server.BaseAddress, "v1/chat/completions").ToString(),
            "--workload", spec, "--output", run.PathOf("out"));

        Assert.True(code == 0, run.Text);
        using var history = JsonDocument.Parse(File.ReadAllText(run.PathOf("out", "search_history.json")));
        var root = history.RootElement;
        // Doubling from 2 breaks at 4; the bisection probes 3, which holds: exact, and every probe has its own exports.
        Assert.Equal([2, 4, 3], root.GetProperty("iterations").EnumerateArray()
            .Select(i => i.GetProperty("variation_values").GetProperty("phases.profiling.concurrency").GetInt32()));
        var boundary = root.GetProperty("boundary_summary");
        Assert.Equal(3, boundary.GetProperty("feasible_max").GetProperty("value").GetInt32());
        Assert.Equal(4, boundary.GetProperty("infeasible_min").GetProperty("value").GetInt32());
        var breach = boundary.GetProperty("infeasible_min").GetProperty("first_breach");
        Assert.Equal("time_to_first_token", breach.GetProperty("metric_tag").GetString());
        Assert.True(breach.GetProperty("observed").GetDouble() > sla);
        Assert.Equal("exact", boundary.GetProperty("boundary_type").GetString());
        foreach (var level in new[] { 2, 3, 4 })
        {
            using var export = JsonDocument.Parse(File.ReadAllText(run.PathOf("out", $"concurrency_{level}", "profile_export_aiperf.json")));
            Assert.Equal(8, export.RootElement.GetProperty("request_count").GetProperty("avg").GetDouble());
        }

        Assert.Contains($"max concurrency under SLA: 3 (time_to_first_token avg <= {sla}; 3 probes); concurrency 4 broke time_to_first_token avg", run.Text);
        Assert.Contains("max concurrency under SLA: 3", File.ReadAllText(run.PathOf("out", "report.md")));
    }
}
