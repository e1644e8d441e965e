using System.Text.Json;
using RightSize.Generative;

namespace RightSize.Core.Tests.Generative;

/// <summary>
/// The max-concurrency-under-SLA search against a probe whose TTFT is a known function of concurrency (a server with
/// <c>seats</c> seats: TTFT stays at the prefill time up to the seats, then grows by 50 ms per queued user).
/// </summary>
public sealed class ConcurrencySearchTests
{
    private static GenerativeMetrics Probe(int concurrency, double ttftMs, int failed = 0)
    {
        // Ten requests, one tick per millisecond; failures carry no TTFT.
        var records = Enumerable.Range(0, 10).Select(i =>
        {
            var start = i * 1_000L;
            var record = new StreamRecord { Start = start, End = start + (long)ttftMs + 50, Outcome = i < failed ? StreamOutcome.Timeout : StreamOutcome.Success, InputTokens = 10, OutputTokens = 2, ServerCounted = true };
            record.Chunks.AddRange([start + (long)ttftMs, start + (long)ttftMs + 50]);
            return record;
        }).ToList();
        return GenerativeMetrics.From(new StreamRun(new StreamLoadOptions { Concurrency = concurrency, RequestCount = 10 }, records, 0), [], 1_000);
    }

    private static Func<int, CancellationToken, Task<GenerativeMetrics>> Server(int seats, List<int> probed) => (c, _) =>
    {
        probed.Add(c);
        return Task.FromResult(Probe(c, c <= seats ? 10 : 10 + (50.0 * (c - seats))));
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(12, 1)]
    [InlineData(16, 1)]
    [InlineData(37, 5)]
    public async Task Doubling_then_bisection_finds_the_exact_knee_with_its_neighbour_broken(int seats, int min)
    {
        var probed = new List<int>();
        var search = new SlaSearch { RecipeName = SlaSearch.Recipe, TtftMs = 20, ConcurrencyMin = min, ConcurrencyMax = 1000 };

        var outcome = await ConcurrencySearch.RunAsync(search, Server(seats, probed), CancellationToken.None);

        Assert.Equal(seats, outcome.FeasibleMax!.Concurrency);
        Assert.Equal(seats + 1, outcome.InfeasibleMin!.Concurrency);
        Assert.Null(outcome.ConvergenceReason);
        Assert.Equal(probed.Distinct().Count(), probed.Count);
        // Doublings to the first breach, then halvings: about 2 log2(seats) probes, never a walk.
        Assert.True(probed.Count <= (2 * Math.Ceiling(Math.Log2(Math.Max(2, seats)))) + 2, string.Join(",", probed));
        Assert.Contains($"max concurrency under SLA: {seats}", outcome.Describe());
        Assert.Contains($"concurrency {seats + 1} broke time_to_first_token avg", outcome.Describe());
    }

    [Fact]
    public async Task The_budget_ends_the_search_with_a_bracket_and_says_so()
    {
        var probed = new List<int>();
        var search = new SlaSearch { RecipeName = SlaSearch.Recipe, TtftMs = 20, MaxIterations = 5 };

        var outcome = await ConcurrencySearch.RunAsync(search, Server(100, probed), CancellationToken.None);

        Assert.Equal([1, 2, 4, 8, 16], probed);
        Assert.Equal("max_iterations", outcome.ConvergenceReason);
        Assert.Equal(16, outcome.FeasibleMax!.Concurrency);
        Assert.Null(outcome.InfeasibleMin);
        Assert.Contains("budget ran out", outcome.Describe());
    }

    [Fact]
    public async Task A_server_that_holds_at_the_upper_bound_answers_the_bound_and_one_that_breaks_at_the_lower_answers_none()
    {
        var held = await ConcurrencySearch.RunAsync(new SlaSearch { TtftMs = 20, ConcurrencyMax = 6 }, Server(1000, []), CancellationToken.None);
        Assert.Equal([1, 2, 4, 6], held.Iterations.Select(i => i.Concurrency));
        Assert.Equal(6, held.FeasibleMax!.Concurrency);

        var probed = new List<int>();
        var none = await ConcurrencySearch.RunAsync(new SlaSearch { TtftMs = 5 }, Server(1000, probed), CancellationToken.None);
        Assert.Equal([1], probed);
        Assert.Null(none.FeasibleMax);
        Assert.Contains("no concurrency from 1 met the SLAs", none.Describe());
    }

    [Fact]
    public async Task The_error_rate_sla_is_on_the_failed_fraction_and_the_history_has_aiperfs_keys()
    {
        // Two of ten requests fail from concurrency 3 on: 20% > 10%.
        var search = new SlaSearch { RecipeName = SlaSearch.Recipe, ErrorRate = 0.1, ConcurrencyMax = 8 };
        var outcome = await ConcurrencySearch.RunAsync(search, (c, _) => Task.FromResult(Probe(c, 10, failed: c >= 3 ? 2 : 0)), CancellationToken.None);

        Assert.Equal(2, outcome.FeasibleMax!.Concurrency);
        using var json = JsonDocument.Parse(SearchHistory.Json(outcome, seed: 42));
        var root = json.RootElement;
        Assert.Equal("phases.profiling.concurrency", root.GetProperty("config").GetProperty("search_space")[0].GetProperty("path").GetString());
        Assert.Equal("request_error_rate", root.GetProperty("config").GetProperty("sla_filters")[0].GetProperty("metric_tag").GetString());
        Assert.Equal([1, 2, 4, 3], root.GetProperty("iterations").EnumerateArray()
            .Select(i => i.GetProperty("variation_values").GetProperty("phases.profiling.concurrency").GetInt32()));
        var boundary = root.GetProperty("boundary_summary");
        Assert.Equal(2, boundary.GetProperty("feasible_max").GetProperty("value").GetInt32());
        Assert.Equal(3, boundary.GetProperty("infeasible_min").GetProperty("value").GetInt32());
        Assert.Equal(0.2, boundary.GetProperty("infeasible_min").GetProperty("first_breach").GetProperty("observed").GetDouble(), 6);
        Assert.Equal("exact", boundary.GetProperty("boundary_type").GetString());
    }

    [Theory]
    [InlineData(new[] { 6, 3 }, 4, 1000, new[] { 6, 3, 4, 5 })]
    [InlineData(new[] { 8 }, 2, 1000, new[] { 8, 1, 4, 2, 3 })]
    [InlineData(new[] { 12 }, 40, 1000, new[] { 12, 24, 48, 36, 42, 39, 40, 41 })]
    [InlineData(new[] { 5 }, 1000, 5, new[] { 5 })]
    public async Task Initial_points_are_probed_first_in_order_and_the_search_goes_on_from_what_they_showed(int[] initial, int seats, int max, int[] expected)
    {
        var probed = new List<int>();
        var search = new SlaSearch { RecipeName = SlaSearch.Recipe, TtftMs = 20, ConcurrencyMax = max, InitialPoints = initial };

        var outcome = await ConcurrencySearch.RunAsync(search, Server(seats, probed), CancellationToken.None);

        Assert.Equal(expected, probed);
        Assert.Equal(Math.Min(seats, search.ConcurrencyMax), outcome.FeasibleMax!.Concurrency);
        Assert.Null(outcome.ConvergenceReason);
        using var json = JsonDocument.Parse(SearchHistory.Json(outcome, seed: 42));
        Assert.Equal(initial.Length, json.RootElement.GetProperty("config").GetProperty("n_initial_points").GetInt32());
    }

    [Fact]
    public void The_spec_reads_the_search_keys_and_reports_every_misuse_with_its_path()
    {
        var (spec, errors) = WorkloadSpecReader.Read("""
            benchmark: {type: aiperf}
            parameters: {search_recipe: max-concurrency-under-sla, ttft_sla_ms: 200, e2e_sla_ms: 2000, search_stat: p95, concurrency_max: 64, search_max_iterations: 9, search_initial_points: [16, 4, 16]}
            """);
        Assert.Empty(errors);
        Assert.Equal([16, 4], spec!.Search!.InitialPoints);
        Assert.Equal((200, 2000, "p95", 64, 9), (spec!.Search!.TtftMs!.Value, spec.Search.E2eMs!.Value, spec.Search.Stat, spec.Search.ConcurrencyMax, spec.Search.MaxIterations));
        Assert.Empty(spec.Passes());
        Assert.Equal(["time_to_first_token", "request_latency"], spec.Search.Filters.Select(f => f.MetricTag));

        var (_, bad) = WorkloadSpecReader.Read("""
            benchmark: {type: aiperf}
            parameters: {search_recipe: max-throughput, concurrency: 4, search_stat: p42, error_rate_sla: 2, concurrency_min: 9, concurrency_max: 3, search_initial_points: 4}
            """);
        Assert.Contains("parameters.search_recipe: 'max-throughput' is not supported; use max-concurrency-under-sla", bad);
        Assert.Contains("parameters.search_stat: 'p42' is not a statistic; use avg, p50, p90, p95, p99", bad);
        Assert.Contains("parameters.error_rate_sla: 2 is a fraction; give 0 to 1, e.g. 0.01", bad);
        Assert.Contains("parameters.concurrency_min: 9 is above concurrency_max 3; give min <= max", bad);
        Assert.Contains("parameters.search_initial_points: 4 is outside concurrency_min 9 to concurrency_max 3; give points within the bounds", bad);
        Assert.Contains(bad, e => e.StartsWith("parameters.search_recipe: the search chooses the concurrency; remove concurrency", StringComparison.Ordinal));

        var (_, noSla) = WorkloadSpecReader.Read("benchmark: {type: aiperf}\nparameters: {ttft_sla_ms: 100}");
        Assert.Equal(["parameters.search_recipe: missing; the SLA and search parameters need search_recipe: max-concurrency-under-sla"], noSla);
    }
}
