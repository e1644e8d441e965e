namespace RightSize.Results;

/// <summary>
/// Orders completed tests best first. Each goal scores a test by its ratio to the best candidate (cheapest cost per
/// inference, lowest latency, highest MaxInvocations score 1; twice as expensive scores 0.5), the scores are weighted
/// by importance, each level weighing twice the one below (Lowest 1, Low 2, Moderate 4, High 8, Highest 16), and ties
/// go to the cheaper test. Ratios keep a 5% difference small, so a goal marked Highest dominates as users expect. A test
/// whose load never saturated its endpoint (<see cref="CaveatKind.NotSaturated"/>) ranks after every saturated one: its
/// numbers are lower bounds, not capacities.
/// </summary>
public static class RecommendationRanker
{
    public static IReadOnlyList<T> Rank<T>(IReadOnlyList<T> items, Func<T, TestMetrics> metrics, ImportanceWeights weights) =>
        Rank(items, i => RankedNumbers.Of(metrics(i)), weights);

    /// <summary>Whether caveats leave a test's numbers standing as capacities (no <see cref="CaveatKind.NotSaturated"/>).</summary>
    public static bool Saturated(IEnumerable<Caveat> caveats) => !caveats.Any(c => c.Kind == CaveatKind.NotSaturated);

    /// <summary>The same rule on the three numbers alone, for readers that hold stored results rather than <see cref="TestMetrics"/>.</summary>
    public static IReadOnlyList<T> Rank<T>(IReadOnlyList<T> items, Func<T, RankedNumbers> numbers, ImportanceWeights weights)
    {
        if (items.Count <= 1)
        {
            return items;
        }

        var costs = items.Select(i => numbers(i).CostPerInference).ToArray();
        var latencies = items.Select(i => (double)numbers(i).ModelLatencyMicroseconds).ToArray();
        var throughputs = items.Select(i => (double)numbers(i).MaxInvocations).ToArray();
        var scores = new double[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            scores[i] = (Weight(weights.Cost) * LowerIsBetter(costs, i))
                + (Weight(weights.Latency) * LowerIsBetter(latencies, i))
                + (Weight(weights.Throughput) * HigherIsBetter(throughputs, i));
        }

        return [.. Enumerable.Range(0, items.Count)
            .OrderByDescending(i => numbers(items[i]).Saturated)
            .ThenByDescending(i => scores[i])
            .ThenBy(i => double.IsNaN(costs[i]) ? double.PositiveInfinity : costs[i])
            .Select(i => items[i])];
    }

    internal static double Weight(Importance importance) => Math.Pow(2, (int)importance - 1);

    // A value not available (NaN: a type without a known price) never wins its goal, and does not hide the others' best.
    private static double LowerIsBetter(double[] values, int i)
    {
        if (double.IsNaN(values[i]))
        {
            return 0;
        }

        var best = values.Where(v => !double.IsNaN(v)).Min();
        return values[i] <= 0 ? 1 : best / values[i];
    }

    private static double HigherIsBetter(double[] values, int i)
    {
        var best = values.Max();
        return best <= 0 ? 1 : values[i] / best;
    }
}

/// <summary>What the ranking compares: cost per inference, model latency (µs) and MaxInvocations; unsaturated tests come last.</summary>
public readonly record struct RankedNumbers(double CostPerInference, long ModelLatencyMicroseconds, long MaxInvocations, bool Saturated = true)
{
    public static RankedNumbers Of(TestMetrics metrics) => new(metrics.CostPerInference, metrics.ModelLatencyMicroseconds, metrics.MaxInvocations);

    /// <summary>A test's numbers with whether its caveats leave them standing as capacities (<see cref="RecommendationRanker.Saturated"/>).</summary>
    public static RankedNumbers Of(TestMetrics metrics, IEnumerable<Caveat> caveats) => Of(metrics) with { Saturated = RecommendationRanker.Saturated(caveats) };
}
