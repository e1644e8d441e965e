using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;

namespace RightSize.Server.Dashboard;

/// <summary>
/// The job's completed tests in the order <see cref="RecommendationRanker"/> puts them (the rule Describe uses), under
/// the job's own importance weights or those the page's controls ask for, so the page never re-implements the rule.
/// </summary>
internal static class Ranking
{
    /// <summary>Null when there is no such job; the weights default to the job's own (its rightsize:*-importance tags).</summary>
    public static async Task<Result<RankingResponse>?> RankAsync(
        ServerState state, string name, string? cost, string? latency, string? throughput, CancellationToken cancellationToken)
    {
        ImportanceWeights own;
        if (state.Host.Live(name) is { } live)
        {
            own = live.Record.Plan.Weights;
        }
        else if (await state.Store.GetJobAsync(name, cancellationToken) is { } stored)
        {
            own = JobDocument.Parse(stored.RequestJson).Value is { } request ? RightSizeTags.GetImportanceWeights(request) : ImportanceWeights.Default;
        }
        else
        {
            return null;
        }

        var errors = new List<ValidationError>();
        var weights = new ImportanceWeights
        {
            Cost = Level(errors, "cost", cost, own.Cost),
            Latency = Level(errors, "latency", latency, own.Latency),
            Throughput = Level(errors, "throughput", throughput, own.Throughput),
        };
        if (errors.Count > 0)
        {
            return Result<RankingResponse>.Failure(errors);
        }

        var tests = await Api.JobReads.TestsAsync(state, name, cancellationToken) ?? [];
        var completed = tests.Where(t => t.Status == RecommendationStatus.Completed && t.MaxInvocations is not null
            && t.ModelLatencyMicroseconds is not null).ToList();
        // A type without a known price has the cost NaN: not available, never the cheapest.
        var ranked = RecommendationRanker.Rank(completed, t => new RankedNumbers(t.CostPerInference ?? double.NaN, t.ModelLatencyMicroseconds!.Value, t.MaxInvocations!.Value,
            RecommendationRanker.Saturated(t.Caveats)), weights);
        return Result<RankingResponse>.Success(new RankingResponse(weights.Cost.ToString(), weights.Latency.ToString(), weights.Throughput.ToString(),
            [.. ranked.Select(t => t.TestIndex)]));
    }

    private static Importance Level(List<ValidationError> errors, string path, string? text, Importance fallback)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (RightSizeTags.TryParseImportance(text, out var level))
        {
            return level;
        }

        errors.Add(new(path, $"'{ValidationError.Shorten(text, 20)}' is not one of {string.Join(", ", Enum.GetNames<Importance>())}"));
        return fallback;
    }
}

/// <summary>The weights used and the completed tests' indexes, best first.</summary>
public sealed record RankingResponse(string Cost, string Latency, string Throughput, IReadOnlyList<int> TestIndexes);
