using System.Text;
using System.Text.Json;
using RightSize.Endpoints;
using RightSize.Load;
using RightSize.Models;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api;

/// <summary>
/// A Default job beside a running endpoint, through boto3 as SageMaker users write it: the payload comes from the model
/// named beside the endpoint (no SamplePayloadUrl), the candidate is tested too (an unpriced catalog type, whose cost is
/// NaN), the endpoint's benchmark is an EndpointPerformance, the README's own loop runs, and
/// GetScalingConfigurationRecommendation answers for the endpoint by its name.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class ExistingEndpointJobBoto3Tests
{
    private const string Synthetic = """{"RIGHTSIZE_SYNTHETIC_SLOTS": "2", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "5"}""";

    private const string Script = """
        import math, sys, time
        import boto3
        from botocore.config import Config

        sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1", config=Config(retries={"max_attempts": 1}))
        sm.create_inference_recommendations_job(
            JobName="beside", JobType="Default", RoleArn="arn:aws:iam::123456789012:role/rightsize",
            Tags=[{"Key": "rightsize:window-seconds", "Value": "1"}],
            InputConfig={"Endpoints": [{"EndpointName": "running"}], "ModelName": "synthetic",
                         "ContainerConfig": {"SupportedInstanceTypes": ["ml.r8g.medium"]}})

        # The README's loop, word for word but the job name and a bounded wait.
        deadline = time.time() + 120
        while (job := sm.describe_inference_recommendations_job(JobName="beside"))["Status"] not in ("COMPLETED", "FAILED", "STOPPED"):
            assert time.time() < deadline, job["Status"]
            time.sleep(0.5)
        for r in job.get("InferenceRecommendations", []):
            print(r["EndpointConfiguration"]["InstanceType"], r["Metrics"]["MaxInvocations"], r["Metrics"]["CostPerHour"])

        assert job["Status"] == "COMPLETED", job
        [rec] = job["InferenceRecommendations"]
        assert rec["EndpointConfiguration"]["InstanceType"] == "ml.r8g.medium", rec
        assert rec["Metrics"]["MaxInvocations"] > 0 and math.isnan(float(rec["Metrics"]["CostPerHour"])), rec["Metrics"]
        assert math.isnan(float(rec["Metrics"]["CostPerInference"])), rec["Metrics"]
        [perf] = job["EndpointPerformances"]
        assert perf["EndpointInfo"]["EndpointName"] == "running" and perf["Metrics"]["MaxInvocations"] > 0, perf

        scaling = sm.get_scaling_configuration_recommendation(InferenceRecommendationsJobName="beside", EndpointName="running")
        assert scaling["EndpointName"] == "running" and "RecommendationId" not in scaling, scaling
        assert scaling["Metric"]["InvocationsPerInstance"] >= 1, scaling
        print("ok")
        """;

    [Fact]
    public async Task A_Default_job_beside_a_running_endpoint_tests_its_candidates_and_the_README_loop_runs()
    {
        var state = Directory.CreateTempSubdirectory("rightsize-existing-");
        using var http = new HttpClient();
        var environment = new Dictionary<string, string> { ["RIGHTSIZE_SYNTHETIC_SLOTS"] = "2", ["RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS"] = "5" };
        var provisioning = await new LocalProcessEndpointProvider(new LocalProcessOptions { StateDirectory = state.FullName, CgroupRoot = null }, http,
            new Payload(Encoding.UTF8.GetBytes("1,2"), "text/csv"), TimeProvider.System).ProvisionAsync(new EndpointRequest
            {
                EndpointName = "running",
                Model = new CreateModelRequest { ModelName = "running", PrimaryContainer = new ContainerDefinition { Image = BuiltInImages.Synthetic } },
                Environment = environment,
            }, CancellationToken.None);
        Assert.Null(provisioning.FailureReason);
        try
        {
            var workspace = $$$"""
                {"Models": [{"ModelName": "synthetic", "PrimaryContainer": {"Image": "builtin:synthetic", "Environment": {{{Synthetic}}} }}],
                 "Endpoints": [{"EndpointName": "running", "Url": "{{{provisioning.Endpoint!.InvocationsUrl}}}"}]}
                """;
            await using var server = await TestServer.StartAsync(workspace: workspace);
            var script = Path.Combine(server.Folder, "beside.py");
            await File.WriteAllTextAsync(script, Script);

            var run = await AwsCli.RunAsync([script, server.Url], "any", "credentials", "python3");

            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            Assert.StartsWith("ml.r8g.medium ", run.Stdout, StringComparison.Ordinal);
            Assert.EndsWith("ok", run.Stdout.Trim(), StringComparison.Ordinal);

            // The dashboard's reads come from the store's rows: the unknown price stays "not available" there too
            // (a NULL column read back as absent would look like a test with no metrics).
            using var api = new SageMakerHttp(server.Url);
            using var jobs = JsonDocument.Parse(await api.GetAsync("/api/jobs"));
            var top = jobs.RootElement[0].GetProperty("TopRecommendation");
            Assert.Equal("ml.r8g.medium", top.GetProperty("InstanceType").GetString());
            Assert.Equal("NaN", top.GetProperty("CostPerHour").GetString());
            using var tests = JsonDocument.Parse(await api.GetAsync("/api/jobs/beside/tests"));
            var test = Assert.Single(tests.RootElement.EnumerateArray(), t => t.TryGetProperty("InstanceType", out var type) && type.GetString() == "ml.r8g.medium");
            Assert.True(test.GetProperty("MaxInvocations").GetInt64() > 0);
            Assert.Equal("NaN", test.GetProperty("CostPerHour").GetString());
            Assert.Equal("NaN", test.GetProperty("CostPerInference").GetString());
        }
        finally
        {
            await provisioning.Endpoint!.DisposeAsync();
            state.Delete(recursive: true);
        }
    }
}
