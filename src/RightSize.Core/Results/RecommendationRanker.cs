namespace RightSize.Results;

/// <summary>
/// Orders completed tests best first. Each goal is scored 0-1 across the candidates (cheapest cost per inference,
/// lowest latency, highest MaxInvocations score 1), the scores are weighted by importance (Lowest 1 .. Highest 5),
/// and ties go to the cheaper one. A goal on which all candidates are equal adds the same to every score.
/// </summary>
public static class RecommendationRanker
{
    public static IReadOnlyList<T> Rank<T>(IReadOnlyList<T> items, Func<T, TestMetrics> metrics, ImportanceWeights weights)
    {
        if (items.Count <= 1)
        {
            return items;
        }

        var costs = items.Select(i => metrics(i).CostPerInference).ToArray();
        var latencies = items.Select(i => (double)metrics(i).ModelLatencyMicroseconds).ToArray();
        var throughputs = items.Select(i => (double)metrics(i).MaxInvocations).ToArray();
        var scores = new double[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            scores[i] = ((int)weights.Cost * LowerIsBetter(costs, i))
                + ((int)weights.Latency * LowerIsBetter(latencies, i))
                + ((int)weights.Throughput * HigherIsBetter(throughputs, i));
        }

        return [.. Enumerable.Range(0, items.Count)
            .OrderByDescending(i => scores[i])
            .ThenBy(i => costs[i])
            .Select(i => items[i])];
    }

    private static double LowerIsBetter(double[] values, int i) => 1 - HigherIsBetter(values, i);

    private static double HigherIsBetter(double[] values, int i)
    {
        var min = values.Min();
        var max = values.Max();
        return max == min ? 0.5 : (values[i] - min) / (max - min);
    }
}
