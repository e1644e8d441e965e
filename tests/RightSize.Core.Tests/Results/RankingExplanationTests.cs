using RightSize.Results;

namespace RightSize.Core.Tests.Results;

public sealed class RankingExplanationTests
{
    [Fact]
    public void The_weights_sentence_names_each_goal_highest_first_and_says_whether_it_is_the_default()
    {
        Assert.Equal("Ranked by cost Highest, throughput Moderate, latency Moderate (SageMaker's default).", RankingExplanation.Weights(ImportanceWeights.Default));

        var forThroughput = new ImportanceWeights { Throughput = Importance.Highest, Cost = Importance.Moderate, Latency = Importance.Low };
        Assert.Equal(
            "Ranked by throughput Highest, cost Moderate, latency Low (the job's rightsize:*-importance tags; SageMaker's default puts cost first).",
            RankingExplanation.Weights(forThroughput));
    }

    [Fact]
    public void A_lower_ranked_configuration_is_described_by_where_it_wins_and_loses_against_the_first()
    {
        var first = new RankedNumbers(CostPerInference: 2e-6, ModelLatencyMicroseconds: 4000, MaxInvocations: 44000);
        var cheaper = new RankedNumbers(CostPerInference: 1.7e-6, ModelLatencyMicroseconds: 5000, MaxInvocations: 22000);

        Assert.Equal("15% cheaper per inference, 50% fewer invocations, 25% higher latency", RankingExplanation.Versus(first, cheaper));
    }

    [Fact]
    public void Differences_under_half_a_percent_are_not_reported()
    {
        var first = new RankedNumbers(1e-6, 4000, 44000);

        Assert.Equal("the same numbers", RankingExplanation.Versus(first, first with { MaxInvocations = 44100 }));
    }
}
