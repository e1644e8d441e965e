using System.Globalization;

namespace RightSize.Results;

/// <summary>
/// Says in words why recommendations are in their order: the weights they were ranked by, and for each one below the
/// first, where it beats the first and where it loses. A reader who sees a cheaper configuration ranked second learns that
/// throughput weighed more, rather than suspecting the numbers.
/// </summary>
public static class RankingExplanation
{
    /// <summary>One sentence naming the weights, highest first, and whether they are SageMaker's default.</summary>
    public static string Weights(ImportanceWeights weights)
    {
        var goals = new[] { ("cost", weights.Cost), ("throughput", weights.Throughput), ("latency", weights.Latency) }
            .OrderByDescending(g => g.Item2)
            .Select(g => $"{g.Item1} {g.Item2}");
        var source = weights == ImportanceWeights.Default
            ? "SageMaker's default"
            : "the job's rightsize:*-importance tags; SageMaker's default puts cost first";
        return $"Ranked by {string.Join(", ", goals)} ({source}).";
    }

    /// <summary>How <paramref name="other"/> compares with the first recommendation, <paramref name="first"/>.</summary>
    public static string Versus(RankedNumbers first, RankedNumbers other)
    {
        var parts = new List<string>(5)
        {
            first.Saturated && !other.Saturated ? "not saturated (a lower bound, ranked after every saturated test)" : string.Empty,
            double.IsNaN(other.CostPerInference) ? "cost not available (no known price)" : string.Empty,
            Compare(other.CostPerInference, first.CostPerInference, "cheaper per inference", "dearer per inference", lowerIsBetter: true),
            Compare(other.MaxInvocations, first.MaxInvocations, "more invocations", "fewer invocations", lowerIsBetter: false),
            Compare(other.ModelLatencyMicroseconds, first.ModelLatencyMicroseconds, "lower latency", "higher latency", lowerIsBetter: true),
        };
        return string.Join(", ", parts.Where(p => p.Length > 0)) is { Length: > 0 } text ? text : "the same numbers";
    }

    private static string Compare(double value, double reference, string better, string worse, bool lowerIsBetter)
    {
        if (reference <= 0 || double.IsNaN(value) || double.IsNaN(reference) || Math.Abs(value - reference) / reference < 0.005)
        {
            return string.Empty;
        }

        var change = Math.Abs(value - reference) / reference;
        var percent = change.ToString("0%", CultureInfo.InvariantCulture);
        return (value < reference) == lowerIsBetter ? $"{percent} {better}" : $"{percent} {worse}";
    }
}
