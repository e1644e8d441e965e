using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Server.Storage;
using RightSize.Windows;

namespace RightSize.Server.Hosting;

/// <summary>Turns a live job into the rows the store keeps. Callers hold the job's lock (observers do).</summary>
internal static class JobSnapshots
{
    public static StoredJob Job(JobRecord job)
    {
        var request = job.Plan.Request;
        var describe = JobDescriber.Describe(job);
        return new StoredJob
        {
            JobName = job.Plan.JobName,
            JobArn = job.Plan.JobArn,
            JobType = request.JobType!,
            Status = job.Status,
            RoleArn = request.RoleArn!,
            JobDescription = request.JobDescription ?? string.Empty,
            CreationTime = job.CreationTime,
            LastModifiedTime = job.LastModifiedTime,
            CompletionTime = job.CompletionTime,
            FailureReason = job.FailureReason,
            ModelName = request.InputConfig?.ModelName,
            ModelPackageVersionArn = request.InputConfig?.ModelPackageVersionArn,
            SamplePayloadUrl = request.InputConfig?.ContainerConfig?.PayloadConfig?.SamplePayloadUrl,
            RequestJson = JobDocument.Serialize(request),
            DescribeJson = SageMakerJson.Serialize(describe, SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse),
        };
    }

    public static StoredTest Test(JobRecord job, TestRecord test) => new()
    {
        JobName = job.Plan.JobName,
        TestIndex = test.Plan.Index,
        Status = test.Status,
        EndpointName = test.Plan.EndpointName,
        InstanceType = test.Plan.Configuration.InstanceType,
        StopReason = test.StopReason?.ToString(),
        FailureReason = test.FailureReason,
        InvocationStartTime = test.InvocationStartTime,
        InvocationEndTime = test.InvocationEndTime,
        MaxInvocations = test.Metrics?.MaxInvocations,
        ModelLatencyMicroseconds = test.Metrics?.ModelLatencyMicroseconds,
        CostPerHour = test.Metrics?.CostPerHour,
        CostPerInference = test.Metrics?.CostPerInference,
        PeakWindowEndSecond = test.Metrics?.PeakWindow.EndSecond,
        Caveats = [.. test.Caveats],
        StepJson = SageMakerJson.Serialize(JobDescriber.Step(job, test), SageMakerJsonContext.Default.InferenceRecommendationsJobStep),
    };

    public static StoredWindow Window(JobRecord job, TestRecord test, WindowStats w) => new(job.Plan.JobName, test.Plan.Index, w);
}
