using System.Globalization;

namespace RightSize.Generative;

/// <summary>One SLA of the search: a metric's statistic over a probe must be at most the threshold.</summary>
public sealed record SlaFilter(string MetricTag, string Stat, double Threshold)
{
    /// <summary>The failed-request fraction of a probe (AIPerf's name), for <c>error_rate_sla</c>.</summary>
    public const string ErrorRate = "request_error_rate";

    /// <summary>The probe's value of the statistic; null when it has none (no successful request carried the metric).</summary>
    public double? Observe(GenerativeMetrics metrics)
    {
        if (MetricTag == ErrorRate)
        {
            var total = metrics.Scalar("request_count") + metrics.Scalar("error_request_count");
            return total == 0 ? 1 : metrics.Scalar("error_request_count") / total;
        }

        if (!metrics.Distributions.TryGetValue(MetricTag, out var distribution) || distribution.Count == 0)
        {
            return null;
        }

        return Stat == "avg" ? distribution.Mean : distribution.Percentile(double.Parse(Stat[1..], CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// SageMaker's <c>search_recipe: max-concurrency-under-sla</c>: the largest closed-loop concurrency in
/// [<see cref="ConcurrencyMin"/>, <see cref="ConcurrencyMax"/>] whose probe meets every SLA (<c>ttft_sla_ms</c>,
/// <c>tpot_sla_ms</c>, <c>e2e_sla_ms</c> on <see cref="Stat"/>, <c>error_rate_sla</c> on the fraction), found by
/// <see cref="ConcurrencySearch"/> within <see cref="MaxIterations"/> probes.
/// </summary>
public sealed record SlaSearch
{
    public const string Recipe = "max-concurrency-under-sla";

    public static readonly IReadOnlyList<string> Stats = ["avg", "p50", "p90", "p95", "p99"];

    public string? RecipeName { get; init; }

    public double? TtftMs { get; init; }

    public double? TpotMs { get; init; }

    public double? E2eMs { get; init; }

    public double? ErrorRate { get; init; }

    /// <summary>SageMaker's documented default; the statistic every latency SLA is tested on.</summary>
    public string Stat { get; init; } = "avg";

    public int ConcurrencyMin { get; init; } = 1;

    public int ConcurrencyMax { get; init; } = 1000;

    /// <summary><c>search_initial_points</c>: concurrencies probed first, in order (else the search starts at <see cref="ConcurrencyMin"/>).</summary>
    public IReadOnlyList<int> InitialPoints { get; init; } = [];

    /// <summary>Enough to find the exact answer between 1 and 1000 (10 doublings, then 10 halvings).</summary>
    public int MaxIterations { get; init; } = 20;

    public IReadOnlyList<SlaFilter> Filters =>
    [
        .. TtftMs is { } ttft ? [new SlaFilter("time_to_first_token", Stat, ttft)] : Array.Empty<SlaFilter>(),
        .. TpotMs is { } tpot ? [new SlaFilter("inter_token_latency", Stat, tpot)] : Array.Empty<SlaFilter>(),
        .. E2eMs is { } e2e ? [new SlaFilter("request_latency", Stat, e2e)] : Array.Empty<SlaFilter>(),
        .. ErrorRate is { } errors ? [new SlaFilter(SlaFilter.ErrorRate, "avg", errors)] : Array.Empty<SlaFilter>(),
    ];

    /// <summary>Every problem at once, each with its parameter's path.</summary>
    public void Validate(bool concurrencyGiven, bool rateGiven, List<string> errors)
    {
        if (RecipeName is null)
        {
            errors.Add($"parameters.search_recipe: missing; the SLA and search parameters need search_recipe: {Recipe}");
        }
        else if (RecipeName != Recipe)
        {
            errors.Add($"parameters.search_recipe: '{RecipeName}' is not supported; use {Recipe}");
        }

        if (Filters.Count == 0)
        {
            errors.Add("parameters.search_recipe: give at least one SLA: ttft_sla_ms, tpot_sla_ms, e2e_sla_ms or error_rate_sla");
        }

        if (!Stats.Contains(Stat))
        {
            errors.Add($"parameters.search_stat: '{Stat}' is not a statistic; use {string.Join(", ", Stats)}");
        }

        if (ErrorRate is > 1)
        {
            errors.Add($"parameters.error_rate_sla: {ErrorRate} is a fraction; give 0 to 1, e.g. 0.01");
        }

        if (ConcurrencyMin > ConcurrencyMax)
        {
            errors.Add($"parameters.concurrency_min: {ConcurrencyMin} is above concurrency_max {ConcurrencyMax}; give min <= max");
        }

        foreach (var point in InitialPoints.Where(p => p < ConcurrencyMin || p > ConcurrencyMax))
        {
            errors.Add($"parameters.search_initial_points: {point} is outside concurrency_min {ConcurrencyMin} to concurrency_max {ConcurrencyMax}; give points within the bounds");
        }

        if (ConcurrencyMax > 100_000)
        {
            errors.Add($"parameters.concurrency_max: {ConcurrencyMax} is out of range; give 1 to 100000");
        }

        if (concurrencyGiven || rateGiven)
        {
            errors.Add("parameters.search_recipe: the search chooses the concurrency; remove concurrency and request_rate (bound it with concurrency_min and concurrency_max)");
        }
    }
}
