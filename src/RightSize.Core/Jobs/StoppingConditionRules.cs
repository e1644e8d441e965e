namespace RightSize.Jobs;

/// <summary><c>StoppingConditions</c>: target rate, latency threshold, flat-invocations behaviour.</summary>
internal static class StoppingConditionRules
{
    private const string Path = "StoppingConditions";
    private static readonly string[] FlatInvocations = ["Stop", "Continue"];

    public static void Check(ValidationContext context, RecommendationJobStoppingConditions? conditions)
    {
        if (conditions is null)
        {
            return;
        }

        context.Relaxable(conditions.MaxInvocations, $"{Path}.MaxInvocations", l => l.MaxInvocations);
        context.OneOf(conditions.FlatInvocations, $"{Path}.FlatInvocations", FlatInvocations);
        if (conditions.ModelLatencyThresholds is not { } thresholds)
        {
            return;
        }

        context.Count(thresholds, $"{Path}.ModelLatencyThresholds", new(1, 1), "thresholds");
        for (var i = 0; i < thresholds.Count; i++)
        {
            var path = $"{Path}.ModelLatencyThresholds[{i}]";
            if (context.Required(thresholds[i].Percentile, $"{path}.Percentile", string.Join(" or ", context.Limits.Percentiles)))
            {
                CheckPercentile(context, thresholds[i].Percentile!, $"{path}.Percentile");
            }

            if (context.Required(thresholds[i].ValueInMilliseconds, $"{path}.ValueInMilliseconds", "the latency limit in milliseconds"))
            {
                context.Range(thresholds[i].ValueInMilliseconds, $"{path}.ValueInMilliseconds", IntRange.AtLeast(1));
            }
        }
    }

    private static void CheckPercentile(ValidationContext context, string percentile, string path)
    {
        var allowed = context.Limits.Percentiles;
        if (allowed.Contains(percentile, StringComparer.Ordinal))
        {
            return;
        }

        var note = JobLimits.Relaxed.Percentiles.Contains(percentile, StringComparer.Ordinal)
            ? context.RelaxedNote(string.Join(", ", JobLimits.Relaxed.Percentiles))
            : null;
        context.Add(path, $"'{percentile}' is not allowed; use one of: {string.Join(", ", allowed)}{note}");
    }
}
