using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Load;
using RightSize.Models;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Stopping;
using RightSize.Traffic;

namespace RightSize.Core.Tests.Endpoints.Docker;

[Collection(TimingSensitive.Name)]
public sealed class DockerJobTests
{
    [Fact]
    public async Task A_job_with_one_docker_configuration_completes_with_cpu_and_memory_measured()
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        using var http = new HttpClient();
        var endpointName = $"docker-job-{Guid.NewGuid():N}";
        var job = new JobRecord(Plan(endpointName), DateTimeOffset.UtcNow);
        var runner = new JobRunner(new LoadDependencies([DockerEndpoints.Provider(http)], TimeProvider.System));
        try
        {
            await runner.RunAsync(job, NullJobObserver.Instance, CancellationToken.None);

            var test = Assert.Single(job.Tests);
            Assert.True(job.Status == RecommendationStatus.Completed, test.FailureReason);
            // Within its 1-vCPU quota, up to the measurement's own error: docker's CPU readings are timestamped by the
            // daemon and the CFS quota is granted per 100 ms period, so a 2 s window can read a few percent over (102.3
            // seen); an unlimited container beside 4 users' load would read far more.
            Assert.InRange(test.Metrics!.CpuUtilization, 1, 110);
            Assert.InRange(test.Metrics.MemoryUtilization, 0.1, 100);
            Assert.True(test.ModelSetupTime > TimeSpan.Zero);
            Assert.Empty(await DockerEndpoints.ContainersOfAsync(docker, endpointName));
        }
        finally
        {
            await DockerEndpoints.RemoveAllOfAsync(docker, endpointName);
        }
    }

    [Fact]
    public async Task The_image_serves_a_builtin_onnx_model_through_a_job_with_one_onnx_runtime_thread_at_one_vcpu()
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        using var http = new HttpClient();
        var endpointName = $"docker-onnx-{Guid.NewGuid():N}";
        var onnx = Path.Combine(DockerTestEnvironment.RepositoryRoot, "src", "RightSize.ModelServer", "DemoOnnxModel");
        var plan = Plan(endpointName) with
        {
            // The image serves model.onnx as builtin:onnx does when the model's environment names the mode.
            Model = new CreateModelRequest
            {
                ModelName = "digits",
                PrimaryContainer = new ContainerDefinition
                {
                    Image = DockerTestEnvironment.Image,
                    Environment = new Dictionary<string, string> { ["RIGHTSIZE_MODEL_SERVER_MODE"] = "onnx" },
                },
            },
            ModelDirectory = onnx,
            Payloads = [new Payload(File.ReadAllBytes(Path.Combine(onnx, "payloads", "row-1.json")), "application/json")],
        };
        var capture = new EndpointLogCapture(DockerEndpoints.Provider(http, plan.Payloads[0]));
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);
        try
        {
            await new JobRunner(new LoadDependencies([capture], TimeProvider.System)).RunAsync(job, NullJobObserver.Instance, CancellationToken.None);

            var test = Assert.Single(job.Tests);
            Assert.True(job.Status == RecommendationStatus.Completed, test.FailureReason);
            Assert.True(test.Windows.Sum(w => w.Invocations) > 0, "no invocations");
            Assert.All(test.Windows, w => Assert.Equal(0L, w.Failures));
            var log = Assert.Single(capture.Logs);
            Assert.Contains("onnx: model.onnx on ONNX Runtime 1.", log, StringComparison.Ordinal);
            Assert.Contains("1 intra-op and 1 inter-op threads", log, StringComparison.Ordinal);
            Assert.Empty(await DockerEndpoints.ContainersOfAsync(docker, endpointName));
        }
        finally
        {
            await DockerEndpoints.RemoveAllOfAsync(docker, endpointName);
        }
    }

    private static JobPlan Plan(string endpointName) => new()
    {
        Request = new CreateInferenceRecommendationsJobRequest
        {
            JobName = "docker-job-test",
            JobType = "Advanced",
            RoleArn = "arn:aws:iam::000000000000:role/test",
            InputConfig = new RecommendationJobInputConfig { ModelName = "demo" },
        },
        JobArn = "arn:aws:sagemaker:us-east-1:000000000000:inference-recommendations-job/docker-job-test",
        Model = new CreateModelRequest { ModelName = "demo", PrimaryContainer = new ContainerDefinition { Image = DockerTestEnvironment.Image } },
        ModelDirectory = DockerTestEnvironment.DemoModelDirectory,
        Payloads = [new Payload(DockerTestEnvironment.DemoPayload, "text/csv")],
        Schedule = new ConstantSchedule(4, TimeSpan.FromSeconds(6)),
        Policy = new StoppingPolicy { StopWhenFlat = false },
        WindowSeconds = 2,
        SetupDeadline = TimeSpan.FromSeconds(60),
        Tests =
        [
            new TestPlan
            {
                Index = 0,
                Configuration = new EndpointInputConfiguration { InstanceType = "local.cpu1" },
                EndpointName = endpointName,
                Resources = new EndpointResources(1, 2),
                EnvironmentParameters = [new EnvironmentParameter { Key = "OMP_NUM_THREADS", ValueType = "String", Value = "1" }],
                PricePerHour = 0.05,
            },
        ],
    };
}
