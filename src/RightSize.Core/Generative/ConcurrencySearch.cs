namespace RightSize.Generative;

/// <summary>The first SLA a probe broke, with what was observed (null when the probe had no value for it).</summary>
public sealed record SlaBreach(SlaFilter Filter, double? Observed);

/// <summary>One probe of the search: a short closed-loop pass at <see cref="Concurrency"/>.</summary>
public sealed record SearchIteration(int Index, int Concurrency, GenerativeMetrics Metrics, SlaBreach? Breach)
{
    public bool Feasible => Breach is null;
}

/// <summary>
/// What the search found: <see cref="FeasibleMax"/> is the answer (null when even the lowest concurrency broke an SLA);
/// <see cref="InfeasibleMin"/> the lowest concurrency that broke one (null when the highest allowed held). The answer is
/// exact when they are neighbours or the answer is at the upper bound; <see cref="ConvergenceReason"/> is
/// <c>max_iterations</c> when the budget ran out first.
/// </summary>
public sealed record SearchOutcome(SlaSearch Search, IReadOnlyList<SearchIteration> Iterations, string? ConvergenceReason)
{
    /// <summary>The highest feasible probe below the lowest infeasible one (a probe above a breach does not count).</summary>
    public SearchIteration? FeasibleMax => Iterations.Where(i => i.Feasible && i.Concurrency < (InfeasibleMin?.Concurrency ?? int.MaxValue)).MaxBy(i => i.Concurrency);

    public SearchIteration? InfeasibleMin => Iterations.Where(i => !i.Feasible).MinBy(i => i.Concurrency);

    /// <summary>One line for reports and progress: the answer, and the breach just above it.</summary>
    public string Describe()
    {
        var slas = string.Join(", ", Search.Filters.Select(f => $"{f.MetricTag} {f.Stat} <= {f.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        var above = InfeasibleMin is { Breach: { } b } i
            ? $"; concurrency {i.Concurrency} broke {b.Filter.MetricTag} {b.Filter.Stat} ({(b.Observed is { } o ? o.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "no value")} > {b.Filter.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)})"
            : $"; no probe up to concurrency_max {Search.ConcurrencyMax} broke them";
        var answer = FeasibleMax is { } f ? $"max concurrency under SLA: {f.Concurrency}" : $"no concurrency from {Search.ConcurrencyMin} met the SLAs";
        var budget = ConvergenceReason is null ? string.Empty : $" (the {Search.MaxIterations}-probe budget ran out before the boundary was exact)";
        return $"{answer} ({slas}; {Iterations.Count} probes){above}{budget}";
    }
}

/// <summary>
/// AIPerf's <c>monotonic</c> search for max-concurrency-under-sla: probe the lowest concurrency, double while every SLA
/// holds, then bisect between the last concurrency that held and the first that broke, until they are neighbours or
/// the probe budget is spent. It assumes latency does not fall as concurrency rises (true of a queueing server); each
/// concurrency is probed once. With <c>search_initial_points</c> those are probed first, in order, and the search goes on
/// from what they showed: bisecting below the lowest that broke (from concurrency_min when none held), or doubling above
/// the highest that held.
/// </summary>
public static class ConcurrencySearch
{
    public static async Task<SearchOutcome> RunAsync(
        SlaSearch search, Func<int, CancellationToken, Task<GenerativeMetrics>> probe, CancellationToken cancellationToken)
    {
        var iterations = new List<SearchIteration>();
        var initial = new Queue<int>(search.InitialPoints);
        int? held = null, broke = null;
        int? next = initial.TryDequeue(out var first) ? first : search.ConcurrencyMin;
        while (next is { } level && !cancellationToken.IsCancellationRequested)
        {
            if (iterations.Count == search.MaxIterations)
            {
                return new SearchOutcome(search, iterations, "max_iterations");
            }

            var metrics = await probe(level, cancellationToken);
            var iteration = new SearchIteration(iterations.Count, level, metrics, FirstBreach(search, metrics));
            iterations.Add(iteration);
            broke = iterations.Where(i => !i.Feasible).Min(i => (int?)i.Concurrency);
            held = iterations.Where(i => i.Feasible && i.Concurrency < (broke ?? int.MaxValue)).Max(i => (int?)i.Concurrency);
            next = initial.TryDequeue(out var given) ? given : Next(search, held, broke, iterations);
        }

        return new SearchOutcome(search, iterations, null);
    }

    /// <summary>The next probe after the initial points, or null when the boundary is found.</summary>
    private static int? Next(SlaSearch search, int? held, int? broke, List<SearchIteration> iterations)
    {
        if (held is not { } low)
        {
            // Nothing held yet: the lowest concurrency decides whether anything can (once probed, nothing did).
            return iterations.Any(i => i.Concurrency == search.ConcurrencyMin) ? null : search.ConcurrencyMin;
        }

        return broke is { } high ? (high - low <= 1 ? null : low + ((high - low) / 2))
            : low == search.ConcurrencyMax ? null
            : (int)Math.Min((long)low * 2, search.ConcurrencyMax);
    }

    /// <summary>The first SLA the probe broke, in the order TTFT, TPOT, E2E, error rate; a latency SLA with no value (no successful request) counts as broken.</summary>
    public static SlaBreach? FirstBreach(SlaSearch search, GenerativeMetrics metrics)
    {
        foreach (var filter in search.Filters)
        {
            var observed = filter.Observe(metrics);
            if (observed is not { } value || value > filter.Threshold)
            {
                return new SlaBreach(filter, observed);
            }
        }

        return null;
    }
}
