using RightSize.Results;
using RightSize.Stopping;

namespace RightSize.Core.Tests.Results;

public sealed class RecommendationRankerTests
{
    private static TestMetrics Metrics(long perMinute, double latencyMs, double price) =>
        TestMetricsCalculator.Compute(TestMetricsCalculatorTests.Window(60, perMinute, latencyMs), new StoppingPolicy(), price);

    private static readonly TestMetrics Cheap = Metrics(1000, 80, 0.05);       // cost/inference 8.3e-7
    private static readonly TestMetrics Fast = Metrics(1000, 5, 0.40);         // fastest, dearest
    private static readonly TestMetrics Busy = Metrics(20_000, 40, 0.60);      // most throughput, cheapest per inference

    [Fact]
    public void Default_weights_put_cost_per_inference_first()
    {
        var ranked = RecommendationRanker.Rank([Fast, Cheap, Busy], m => m, ImportanceWeights.Default);

        Assert.Same(Busy, ranked[0]);
        Assert.Same(Fast, ranked[^1]);
    }

    [Fact]
    public void Latency_weighted_highest_puts_the_fastest_first()
    {
        var weights = new ImportanceWeights { Cost = Importance.Lowest, Latency = Importance.Highest, Throughput = Importance.Lowest };

        var ranked = RecommendationRanker.Rank([Cheap, Busy, Fast], m => m, weights);

        Assert.Same(Fast, ranked[0]);
    }

    [Fact]
    public void Cost_highest_beats_a_modestly_faster_and_busier_but_dearer_candidate()
    {
        // The demo's shape: 15% more throughput and 40% lower latency do not outweigh 40% higher cost per inference.
        var cheaper = Metrics(1_153_550, 4.8, 0.051);
        var dearer = Metrics(1_323_600, 2.9, 0.102);

        Assert.Same(cheaper, RecommendationRanker.Rank([dearer, cheaper], m => m, ImportanceWeights.Default)[0]);
    }

    [Fact]
    public void Each_importance_level_weighs_twice_the_one_below()
    {
        Assert.Equal([1.0, 2, 4, 8, 16], Enum.GetValues<Importance>().Select(RecommendationRanker.Weight));
    }

    [Fact]
    public void Equal_candidates_keep_cost_order()
    {
        var a = Metrics(1000, 10, 0.2);
        var b = Metrics(1000, 10, 0.1);

        Assert.Equal([b, a], RecommendationRanker.Rank([a, b], m => m, ImportanceWeights.Default));
    }

    [Fact]
    public void An_unsaturated_test_ranks_after_a_saturated_one_however_good_its_numbers()
    {
        var saturated = RankedNumbers.Of(Cheap);
        var unsaturated = RankedNumbers.Of(Busy) with { Saturated = false };

        Assert.Equal([saturated, unsaturated], RecommendationRanker.Rank([unsaturated, saturated], n => n, ImportanceWeights.Default));
        Assert.StartsWith("not saturated", RankingExplanation.Versus(saturated, unsaturated), StringComparison.Ordinal);
        // Between saturated tests the numbers decide: Busy is cheaper per inference.
        Assert.Equal(RankedNumbers.Of(Busy), RecommendationRanker.Rank([saturated, RankedNumbers.Of(Busy)], n => n, ImportanceWeights.Default)[0]);
    }
}
