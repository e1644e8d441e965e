using System.Text;
using RightSize.Jobs;
using RightSize.Load;
using RightSize.Orchestration;
using RightSize.Stopping;
using RightSize.Traffic;

namespace RightSize.Core.Tests.Orchestration;

/// <summary>Plans for orchestration tests: an existing endpoint loaded with short stairs and short windows.</summary>
internal static class JobPlans
{
    public static readonly Payload Csv = new(Encoding.UTF8.GetBytes("1,2,3"), "text/csv");

    public static JobPlan ForExistingEndpoint(
        Uri url,
        ITrafficSchedule schedule,
        StoppingPolicy? policy = null,
        int tests = 1,
        int maxParallel = 1,
        int windowSeconds = 2,
        TimeSpan? jobDuration = null) => new()
        {
            Request = new CreateInferenceRecommendationsJobRequest
            {
                JobName = "orchestration-test",
                JobType = "Advanced",
                RoleArn = "arn:aws:iam::000000000000:role/test",
                InputConfig = new RecommendationJobInputConfig { Endpoints = [new EndpointInfo { EndpointName = "target" }] },
            },
            JobArn = "arn:aws:sagemaker:us-east-1:000000000000:inference-recommendations-job/orchestration-test",
            ExistingUrl = url,
            Payloads = [Csv],
            Schedule = schedule,
            Policy = policy ?? new StoppingPolicy { StopWhenFlat = false },
            WindowSeconds = windowSeconds,
            MaxParallelTests = maxParallel,
            JobDuration = jobDuration,
            Tests = [.. Enumerable.Range(0, tests).Select(i => new TestPlan
        {
            Index = i,
            Configuration = new EndpointInputConfiguration { InstanceType = "ml.m5.large" },
            EndpointName = $"target-{i}",
            PricePerHour = 0.115,
        })],
        };
}
