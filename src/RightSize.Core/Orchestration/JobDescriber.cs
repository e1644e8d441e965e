using System.Security.Cryptography;
using System.Text;
using RightSize.Jobs;
using RightSize.Results;
using RightSize.Stopping;

namespace RightSize.Orchestration;

/// <summary>Renders a job's record as SageMaker's DescribeInferenceRecommendationsJob and ListInferenceRecommendationsJobSteps.</summary>
public static class JobDescriber
{
    /// <summary>SageMaker returns at most 10 recommendations.</summary>
    public const int MaxRecommendations = 10;

    public static DescribeInferenceRecommendationsJobResponse Describe(JobRecord job)
    {
        lock (job.Sync)
        {
            var request = job.Plan.Request;
            var completed = job.Tests.Where(t => t.Status == RecommendationStatus.Completed && t.Metrics is not null).ToList();
            var ranked = RecommendationRanker.Rank(completed,
                t => RankedNumbers.Of(t.Metrics!, t.Caveats), job.Plan.Weights);
            // The existing endpoint's own benchmark is reported in EndpointPerformances only, as SageMaker does: it has no
            // InstanceType of ours to recommend.
            var recommendations = ranked.Where(t => !IsExistingEndpoint(t)).Take(MaxRecommendations).Select(t => Recommendation(job, t)).ToList();
            return new DescribeInferenceRecommendationsJobResponse
            {
                JobName = job.Plan.JobName,
                JobDescription = request.JobDescription,
                JobType = request.JobType!,
                JobArn = job.Plan.JobArn,
                RoleArn = request.RoleArn!,
                Status = job.Status,
                CreationTime = job.CreationTime,
                CompletionTime = job.CompletionTime,
                LastModifiedTime = job.LastModifiedTime,
                FailureReason = job.FailureReason,
                InputConfig = request.InputConfig!,
                StoppingConditions = request.StoppingConditions,
                InferenceRecommendations = recommendations.Count == 0 ? null : recommendations,
                EndpointPerformances = EndpointPerformances(job, ranked),
            };
        }
    }

    public static ListInferenceRecommendationsJobStepsResponse Steps(JobRecord job)
    {
        lock (job.Sync)
        {
            return new ListInferenceRecommendationsJobStepsResponse
            {
                Steps = [.. job.Tests.Select(t => Step(job, t))],
            };
        }
    }

    public static InferenceRecommendationsJobStep Step(JobRecord job, TestRecord test) => new()
    {
        JobName = job.Plan.JobName,
        Status = test.Status,
        InferenceBenchmark = new RecommendationJobInferenceBenchmark
        {
            Metrics = test.Metrics is { } m ? Metrics(test, m) : null,
            EndpointMetrics = test.Metrics is { } e ? new InferenceMetrics { MaxInvocations = e.MaxInvocations, ModelLatency = e.ModelLatencyMicroseconds } : null,
            EndpointConfiguration = EndpointConfiguration(test),
            ModelConfiguration = ModelConfiguration(test),
            FailureReason = test.Status == RecommendationStatus.Completed ? null : Truncate(test.FailureReason ?? test.StopReason?.Describe()),
            InvocationStartTime = test.InvocationStartTime,
            InvocationEndTime = test.InvocationEndTime,
        },
    };

    /// <summary>A stable id per job and test, in SageMaker's "job/hex" form.</summary>
    public static string RecommendationId(string jobName, int testIndex)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{jobName}/{testIndex}"));
        return $"{jobName}/{Convert.ToHexStringLower(hash.AsSpan(0, 4))}";
    }

    private static InferenceRecommendation Recommendation(JobRecord job, TestRecord test) => new()
    {
        RecommendationId = RecommendationId(job.Plan.JobName, test.Plan.Index),
        Metrics = Metrics(test, test.Metrics!),
        EndpointConfiguration = EndpointConfiguration(test),
        ModelConfiguration = ModelConfiguration(test),
        InvocationStartTime = test.InvocationStartTime,
        InvocationEndTime = test.InvocationEndTime,
    };

    private static RecommendationMetrics Metrics(TestRecord test, TestMetrics m) => new()
    {
        CostPerHour = m.CostPerHour,
        CostPerInference = m.CostPerInference,
        MaxInvocations = m.MaxInvocations,
        ModelLatency = m.ModelLatencyMicroseconds,
        CpuUtilization = double.IsNaN(m.CpuUtilization) ? null : Math.Round(m.CpuUtilization, 2),
        MemoryUtilization = double.IsNaN(m.MemoryUtilization) ? null : Math.Round(m.MemoryUtilization, 2),
        ModelSetupTime = test.ModelSetupTime is { } setup ? (long)setup.TotalMicroseconds : null,
    };

    private static EndpointOutputConfiguration EndpointConfiguration(TestRecord test) => new()
    {
        EndpointName = test.Plan.EndpointName,
        VariantName = test.Plan.VariantName,
        InstanceType = test.Plan.Configuration.InstanceType,
        InitialInstanceCount = test.Plan.Configuration.ServerlessConfig is null ? test.Metrics?.InitialInstanceCount ?? 1 : null,
        ServerlessConfig = test.Plan.Configuration.ServerlessConfig,
    };

    private static ModelConfiguration ModelConfiguration(TestRecord test) => new()
    {
        InferenceSpecificationName = test.Plan.Configuration.InferenceSpecificationName,
        EnvironmentParameters = test.Plan.EnvironmentParameters.Count == 0 ? null : [.. test.Plan.EnvironmentParameters],
    };

    // Jobs on an existing endpoint (InputConfig.Endpoints) also report that endpoint's own performance.
    private static List<EndpointPerformance>? EndpointPerformances(JobRecord job, IReadOnlyList<TestRecord> ranked)
    {
        if (job.Plan.ExistingUrl is null || ranked.Count == 0 || job.Plan.Request.InputConfig?.Endpoints is not [var info, ..])
        {
            return null;
        }

        var best = (ranked.FirstOrDefault(IsExistingEndpoint) ?? ranked[0]).Metrics!;
        return
        [
            new EndpointPerformance
            {
                Metrics = new InferenceMetrics { MaxInvocations = best.MaxInvocations, ModelLatency = best.ModelLatencyMicroseconds },
                EndpointInfo = new EndpointInfo { EndpointName = info.EndpointName },
            },
        ];
    }

    /// <summary>The test of InputConfig.Endpoints' endpoint as it is: planned with neither an InstanceType nor a ServerlessConfig.</summary>
    private static bool IsExistingEndpoint(TestRecord test) =>
        test.Plan.Configuration is { InstanceType: null, ServerlessConfig: null };

    private static string? Truncate(string? text) => text is null || text.Length <= 1024 ? text : text[..1021] + "...";
}
