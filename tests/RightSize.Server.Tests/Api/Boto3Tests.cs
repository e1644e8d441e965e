using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api;

/// <summary>A boto3 script written for SageMaker runs unchanged apart from endpoint_url, with botocore validating every response.</summary>
[Collection(TimingSensitive.Name)]
public sealed class Boto3Tests
{
    private const string Script = """
        import json, sys, time
        import boto3
        from botocore.config import Config
        from botocore.validate import ParamValidator

        url, job = sys.argv[1], json.loads(sys.argv[2])
        sm = boto3.client("sagemaker", endpoint_url=url, region_name="us-east-1",
                          config=Config(retries={"max_attempts": 1}))
        model = sm.meta.service_model

        def check(operation, response):
            # Every member botocore parsed must be valid against the operation's output shape.
            shape = model.operation_model(operation).output_shape
            body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
            report = ParamValidator().validate(body, shape)
            if report.has_errors():
                raise SystemExit(f"{operation}: {report.generate_report()}")
            return response

        check("CreateInferenceRecommendationsJob", sm.create_inference_recommendations_job(**job))
        deadline = time.time() + 60
        while True:
            d = check("DescribeInferenceRecommendationsJob", sm.describe_inference_recommendations_job(JobName=job["JobName"]))
            if d["Status"] in ("COMPLETED", "FAILED", "STOPPED") or time.time() > deadline:
                break
            time.sleep(0.5)
        assert d["Status"] == "COMPLETED", d
        check("ListInferenceRecommendationsJobSteps", sm.list_inference_recommendations_job_steps(JobName=job["JobName"]))
        check("ListInferenceRecommendationsJobs", sm.list_inference_recommendations_jobs(SortBy="Status", MaxResults=1))
        check("ListModels", sm.list_models())
        check("GetScalingConfigurationRecommendation", sm.get_scaling_configuration_recommendation(InferenceRecommendationsJobName=job["JobName"]))
        try:
            sm.describe_inference_recommendations_job(JobName="missing-job")
            raise SystemExit("expected ResourceNotFound")
        except sm.exceptions.ResourceNotFound:
            pass
        for r in d["InferenceRecommendations"]:
            print(r["EndpointConfiguration"]["InstanceType"], r["Metrics"]["MaxInvocations"], r["Metrics"]["CostPerHour"])
        """;

    [Fact]
    public async Task A_boto3_script_creates_polls_and_reads_recommendations()
    {
        await using var server = await TestServer.StartAsync();
        var script = Path.Combine(server.Folder, "boto3_job.py");
        await File.WriteAllTextAsync(script, Script);

        var run = await AwsCli.RunAsync([script, server.Url, TestJobs.Request("boto3-job", 3, "local.cpu1", "local.half")], "any", "credentials", "python3");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("local.", line, StringComparison.Ordinal));
    }
}
