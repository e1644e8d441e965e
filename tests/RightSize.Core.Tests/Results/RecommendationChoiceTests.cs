using RightSize.Jobs;
using RightSize.Results;

namespace RightSize.Core.Tests.Results;

public sealed class RecommendationChoiceTests
{
    private static readonly DescribeInferenceRecommendationsJobResponse Job = new()
    {
        JobName = "job-1",
        JobType = "Advanced",
        JobArn = "arn:aws:sagemaker:us-east-1:000000000000:inference-recommendations-job/job-1",
        RoleArn = "arn:aws:iam::000000000000:role/r",
        Status = RecommendationStatus.Completed,
        CreationTime = DateTimeOffset.UnixEpoch,
        LastModifiedTime = DateTimeOffset.UnixEpoch,
        InputConfig = new RecommendationJobInputConfig(),
        InferenceRecommendations = [Recommendation("rec-1", "ep-a", 6000, 2), Recommendation("rec-2", "ep-b", 900, null)],
    };

    [Fact]
    public void Neither_id_nor_endpoint_picks_the_top_ranked_one()
    {
        Assert.Equal("rec-1", RecommendationChoice.Choose(Job, null).Value!.RecommendationId);
    }

    [Fact]
    public void Picks_by_recommendation_id_or_by_endpoint_name()
    {
        Assert.Equal("rec-2", RecommendationChoice.Choose(Job, "rec-2").Value!.RecommendationId);
        Assert.Equal("rec-2", RecommendationChoice.Choose(Job, null, "ep-b").Value!.RecommendationId);
    }

    [Fact]
    public void Errors_name_the_concept_that_matched_nothing()
    {
        var byId = RecommendationChoice.Choose(Job, "rec-9");
        var byEndpoint = RecommendationChoice.Choose(Job, null, "ep-z");
        var both = RecommendationChoice.Choose(Job, "rec-1", "ep-b");

        Assert.Equal("RecommendationId", Assert.Single(byId.Errors).Path);
        Assert.Contains("rec-1, rec-2", byId.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("EndpointName", Assert.Single(byEndpoint.Errors).Path);
        Assert.Equal("RecommendationId", Assert.Single(both.Errors).Path);
        Assert.DoesNotContain(byId.Errors.Concat(byEndpoint.Errors), e => e.Path.StartsWith("--", StringComparison.Ordinal));
    }

    [Fact]
    public void A_job_without_recommendations_says_so()
    {
        var result = RecommendationChoice.Choose(Job with { Status = RecommendationStatus.Failed, InferenceRecommendations = null }, null);

        Assert.Equal("InferenceRecommendations", Assert.Single(result.Errors).Path);
        Assert.Contains("FAILED", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_instance_peak_divides_by_the_instance_count()
    {
        Assert.Equal(3000, RecommendationChoice.PerInstanceMaxInvocations(Job.InferenceRecommendations![0]));
        Assert.Equal(900, RecommendationChoice.PerInstanceMaxInvocations(Job.InferenceRecommendations[1]));
        Assert.Null(RecommendationChoice.PerInstanceMaxInvocations(Recommendation("rec-3", "ep-c", 0, 1)));
    }

    [Fact]
    public void An_existing_endpoints_benchmark_is_chosen_by_its_name_or_when_the_job_recommends_nothing()
    {
        var performance = new EndpointPerformance
        {
            Metrics = new InferenceMetrics { MaxInvocations = 1200, ModelLatency = 5000 },
            EndpointInfo = new EndpointInfo { EndpointName = "running" },
        };
        var beside = Job with { EndpointPerformances = [performance] };

        var byName = RecommendationChoice.Choose(beside, null, "running").Value!;
        Assert.Null(byName.RecommendationId);
        Assert.Equal(("running", (string?)null, 1200L), (byName.EndpointConfiguration.EndpointName, byName.EndpointConfiguration.InstanceType, byName.Metrics!.MaxInvocations!.Value));
        Assert.Equal(1200, RecommendationChoice.PerInstanceMaxInvocations(byName));
        // With recommendations, naming nothing still means the top-ranked one; without, the endpoint's benchmark.
        Assert.Equal("rec-1", RecommendationChoice.Choose(beside, null).Value!.RecommendationId);
        Assert.Equal("running", RecommendationChoice.Choose(beside with { InferenceRecommendations = null }, null).Value!.EndpointConfiguration.EndpointName);
        Assert.Equal("RecommendationId", Assert.Single(RecommendationChoice.Choose(beside, "running").Errors).Path);
    }

    private static InferenceRecommendation Recommendation(string id, string endpoint, long maxInvocations, int? instances) => new()
    {
        RecommendationId = id,
        Metrics = new RecommendationMetrics { MaxInvocations = maxInvocations },
        EndpointConfiguration = new EndpointOutputConfiguration { EndpointName = endpoint, VariantName = "AllTraffic", InitialInstanceCount = instances },
        ModelConfiguration = new ModelConfiguration(),
    };
}
