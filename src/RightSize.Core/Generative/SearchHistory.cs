using System.Text.Json;

namespace RightSize.Generative;

/// <summary>
/// Writes a max-concurrency-under-SLA search as AIPerf's <c>search_history.json</c>: <c>config</c> (the monotonic
/// algorithm, the objective output_token_throughput, the concurrency bounds, the SLA filters), <c>iterations</c> (each
/// probe's concurrency, objective value and feasibility), <c>best</c>, <c>convergence_reason</c> and
/// <c>boundary_summary</c> (<c>feasible_max</c> is the answer; <c>infeasible_min</c> names the first SLA it broke).
/// </summary>
public static class SearchHistory
{
    public const string File = "search_history.json";
    private const string Dimension = "phases.profiling.concurrency";
    private const string Objective = "output_token_throughput";

    public static void Write(string directory, SearchOutcome outcome, int seed)
    {
        Directory.CreateDirectory(directory);
        System.IO.File.WriteAllText(Path.Combine(directory, File), Json(outcome, seed));
    }

    public static string Json(SearchOutcome outcome, int seed)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var search = outcome.Search;
            json.WriteStartObject();
            json.WriteString("generator", "rightsize");
            json.WriteStartObject("config");
            json.WriteString("algorithm", "monotonic");
            json.WriteString("planner", SlaSearch.Recipe);
            json.WriteString("objective_metric", Objective);
            json.WriteString("objective_stat", "avg");
            json.WriteString("objective_direction", "maximize");
            json.WriteNumber("max_iterations", search.MaxIterations);
            json.WriteNumber("n_initial_points", Math.Max(1, search.InitialPoints.Count));
            json.WriteNumber("random_seed", seed);
            json.WriteStartArray("search_space");
            json.WriteStartObject();
            json.WriteString("path", Dimension);
            json.WriteNumber("lo", search.ConcurrencyMin);
            json.WriteNumber("hi", search.ConcurrencyMax);
            json.WriteString("kind", "int");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("sla_filters");
            foreach (var filter in search.Filters)
            {
                WriteFilter(json, filter);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("iterations");
            foreach (var iteration in outcome.Iterations)
            {
                WriteIteration(json, iteration);
            }

            json.WriteEndArray();
            json.WritePropertyName("best");
            WriteIteration(json, outcome.FeasibleMax);
            json.WriteString("convergence_reason", outcome.ConvergenceReason);
            json.WriteStartObject("boundary_summary");
            json.WriteString("swept_dim_path", Dimension);
            json.WritePropertyName("feasible_max");
            WritePoint(json, outcome.FeasibleMax, breach: false);
            json.WritePropertyName("infeasible_min");
            WritePoint(json, outcome.InfeasibleMin, breach: true);
            json.WriteString("boundary_type", outcome.ConvergenceReason is not null ? "bounds" : "exact");
            json.WriteString("binding_constraint", outcome.InfeasibleMin?.Breach?.Filter.MetricTag);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteIteration(Utf8JsonWriter json, SearchIteration? iteration)
    {
        if (iteration is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        json.WriteNumber("iteration_idx", iteration.Index);
        json.WriteStartObject("variation_values");
        json.WriteNumber(Dimension, iteration.Concurrency);
        json.WriteEndObject();
        json.WriteNumber("objective_value", iteration.Metrics.Scalar(Objective));
        json.WriteBoolean("feasible", iteration.Feasible);
        json.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter json, SearchIteration? iteration, bool breach)
    {
        if (iteration is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        json.WriteNumber("value", iteration.Concurrency);
        json.WriteNumber("iteration_idx", iteration.Index);
        json.WriteNumber("objective_value", iteration.Metrics.Scalar(Objective));
        if (breach && iteration.Breach is { } b)
        {
            json.WritePropertyName("first_breach");
            WriteFilter(json, b.Filter, b.Observed, observed: true);
        }

        json.WriteEndObject();
    }

    private static void WriteFilter(Utf8JsonWriter json, SlaFilter filter, double? value = null, bool observed = false)
    {
        json.WriteStartObject();
        json.WriteString("metric_tag", filter.MetricTag);
        json.WriteString("stat", filter.Stat);
        json.WriteString("op", "<=");
        json.WriteNumber("threshold", filter.Threshold);
        if (observed)
        {
            json.WritePropertyName("observed");
            if (value is { } v)
            {
                json.WriteNumberValue(v);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndObject();
    }
}
