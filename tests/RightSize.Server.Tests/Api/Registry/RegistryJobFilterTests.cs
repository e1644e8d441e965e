using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api.Registry;

/// <summary>
/// Jobs on registered versions, through boto3: ListInferenceRecommendationsJobs filters by the package ARN, a Default
/// job's candidates are the version's real-time instance types, the job's own ContainerConfig fields win over the
/// version's, a version in use cannot be deleted, and an ARN registered elsewhere still maps through the workspace.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class RegistryJobFilterTests
{
    private const string Mapped = "arn:aws:sagemaker:us-east-1:123456789012:model-package/elsewhere/4";

    private const string Synthetic = """{"RIGHTSIZE_SYNTHETIC_SLOTS": "4", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "10"}""";

    private const string Workspace = $$"""
        {
          "ObjectRoot": "objects",
          "Models": [ { "ModelName": "mapped", "PrimaryContainer": { "Image": "builtin:synthetic", "ModelPackageName": "{{Mapped}}", "Environment": {{Synthetic}} } } ],
          "InstanceTypes": [ { "InstanceType": "local.half", "VCpus": 0.5, "MemoryGiB": 1, "PricePerHour": 0.0255 } ]
        }
        """;

    private const string Script = """
        import sys, time
        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError

        url, mapped = sys.argv[1], sys.argv[2]
        sm = boto3.client("sagemaker", endpoint_url=url, region_name="us-east-1", config=Config(retries={"max_attempts": 1}))
        role = "arn:aws:iam::123456789012:role/RightSize"
        tags = [{"Key": "rightsize:window-seconds", "Value": "1"}]
        stairs = {"TrafficType": "STAIRS", "Stairs": {"DurationInSeconds": 60, "NumberOfSteps": 2, "UsersPerStep": 1}}

        def fails(code, call, needle):
            try:
                call()
            except ClientError as e:
                assert e.response["Error"]["Code"] == code and needle in e.response["Error"]["Message"], e.response["Error"]
                return
            raise SystemExit(f"expected {code}")

        sm.create_model_package_group(ModelPackageGroupName="filters")
        spec = {"Containers": [{"Image": "builtin:synthetic", "Environment": {"RIGHTSIZE_SYNTHETIC_SLOTS": "4", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "10"}}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedRealtimeInferenceInstanceTypes": ["local.half"]}
        v1, v2 = (sm.create_model_package(ModelPackageGroupName="filters", InferenceSpecification=spec, Domain="MACHINE_LEARNING",
                                          SamplePayloadUrl="s3://payloads/seed/payload.tar.gz")["ModelPackageArn"] for _ in range(2))

        # A Default job names no instance types: the version's real-time types are its candidates.
        sm.create_inference_recommendations_job(JobName="on-v1", JobType="Default", RoleArn=role, Tags=tags,
                                                InputConfig={"ModelPackageVersionArn": v1})
        # The job's own ContainerConfig fields win; what it leaves out comes from the version.
        sm.create_inference_recommendations_job(JobName="on-v2", JobType="Advanced", RoleArn=role, Tags=tags, InputConfig={
            "ModelPackageVersionArn": v2, "TrafficPattern": stairs, "EndpointConfigurations": [{"InstanceType": "local.cpu1"}],
            "ContainerConfig": {"Domain": "COMPUTER_VISION", "PayloadConfig": {"SupportedContentTypes": ["application/json"]}}})
        sm.create_inference_recommendations_job(JobName="on-mapped", JobType="Advanced", RoleArn=role, Tags=tags, InputConfig={
            "ModelPackageVersionArn": mapped, "TrafficPattern": stairs, "EndpointConfigurations": [{"InstanceType": "local.cpu1"}]})
        fails("ValidationException", lambda: sm.create_inference_recommendations_job(JobName="on-nothing", JobType="Default", RoleArn=role,
              InputConfig={"ModelPackageVersionArn": v1.replace("/1", "/9")}), "is not registered")

        def named(arn):
            return [j["JobName"] for j in sm.list_inference_recommendations_jobs(ModelPackageVersionArnEquals=arn)["InferenceRecommendationsJobs"]]
        assert named(v1) == ["on-v1"] and named(v2) == ["on-v2"] and named(mapped) == ["on-mapped"], (named(v1), named(v2), named(mapped))
        on_v1 = [j for j in sm.list_inference_recommendations_jobs()["InferenceRecommendationsJobs"] if j["JobName"] == "on-v1"][0]
        assert on_v1["ModelPackageVersionArn"] == v1, on_v1

        steps = sm.list_inference_recommendations_job_steps(JobName="on-v1")["Steps"]
        assert [s["InferenceBenchmark"]["EndpointConfiguration"]["InstanceType"] for s in steps] == ["local.half"], steps
        container = sm.describe_inference_recommendations_job(JobName="on-v2")["InputConfig"]["ContainerConfig"]
        assert container["Domain"] == "COMPUTER_VISION", container
        assert container["PayloadConfig"] == {"SamplePayloadUrl": "s3://payloads/seed/payload.tar.gz", "SupportedContentTypes": ["application/json"]}, container

        fails("ConflictException", lambda: sm.delete_model_package(ModelPackageName=v1), "on-v1")
        for job in ("on-v1", "on-v2", "on-mapped"):
            sm.stop_inference_recommendations_job(JobName=job)
        deadline = time.time() + 60
        while any(sm.describe_inference_recommendations_job(JobName=j)["Status"] not in ("STOPPED", "COMPLETED", "FAILED") for j in ("on-v1", "on-v2", "on-mapped")):
            assert time.time() < deadline, "the jobs stop"
            time.sleep(0.5)
        sm.delete_model_package(ModelPackageName=v1)
        print("ok")
        """;

    [Fact]
    public async Task Jobs_on_registered_versions_filter_by_ARN_take_the_versions_fields_and_keep_their_own()
    {
        await using var server = await TestServer.StartAsync(workspace: Workspace, prepare: data =>
        {
            RegistryJobTests.WritePayloadArchive(Path.Combine(Path.GetDirectoryName(data)!, "objects", "payloads", "seed", "payload.tar.gz"));
            return Task.CompletedTask;
        });
        var script = Path.Combine(server.Folder, "filters.py");
        await File.WriteAllTextAsync(script, Script);

        var run = await AwsCli.RunAsync([script, server.Url, Mapped], "any", "credentials", "python3");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("ok", run.Stdout.Trim());
    }
}
