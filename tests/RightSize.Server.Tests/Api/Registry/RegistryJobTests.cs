using System.Formats.Tar;
using System.IO.Compression;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api.Registry;

/// <summary>
/// The seed's boto3 load-test example (a job on a ModelPackageVersionArn "created when you registered your model with
/// Model Registry") runs against <c>rightsize serve</c> after only registering the package with boto3: a group and a
/// version with a builtin image and a payload archive under the object root. Only the instance type (one this host
/// runs), a short stairs traffic pattern and the window tag differ from the seed.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class RegistryJobTests
{
    internal const string Workspace = """{"ObjectRoot": "objects"}""";

    private const string Script = """
        import sys, time
        import boto3
        from botocore.config import Config
        from botocore.validate import ParamValidator

        url = sys.argv[1]
        sagemaker_client = boto3.client("sagemaker", endpoint_url=url, region_name="us-east-1", config=Config(retries={"max_attempts": 1}))
        service = sagemaker_client.meta.service_model

        def check(operation, response):
            body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
            report = ParamValidator().validate(body, service.operation_model(operation).output_shape)
            if report.has_errors():
                raise SystemExit(f"{operation}: {report.generate_report()}")
            return response

        # Register the model: a group and one version carrying the container, the payload and what the model is.
        sagemaker_client.create_model_package_group(ModelPackageGroupName="seed-models")
        model_package_arn = sagemaker_client.create_model_package(
            ModelPackageGroupName="seed-models",
            ModelApprovalStatus="Approved",
            InferenceSpecification={
                "Containers": [{"Image": "builtin:synthetic", "Framework": "XGBOOST", "FrameworkVersion": "1.7",
                                "Environment": {"RIGHTSIZE_SYNTHETIC_SLOTS": "4", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "10"}}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
                "SupportedRealtimeInferenceInstanceTypes": ["local.cpu1"]},
            Domain="MACHINE_LEARNING", Task="CLASSIFICATION",
            SamplePayloadUrl="s3://payloads/seed/payload.tar.gz")["ModelPackageArn"]

        # The seed's example from here on.
        load_test_job_name = "seed-load-test"
        instance_type = "local.cpu1"
        role_arn = "arn:aws:iam::123456789012:role/RightSize"
        sagemaker_client.create_inference_recommendations_job(
            JobName=load_test_job_name,
            JobType="Advanced",
            RoleArn=role_arn,
            InputConfig={
                'ModelPackageVersionArn': model_package_arn,
                "JobDurationInSeconds": 7200,
                'TrafficPattern': {
                    'TrafficType': 'STAIRS',
                    'Stairs': {'DurationInSeconds': 4, 'NumberOfSteps': 2, 'UsersPerStep': 2}
                },
                'ResourceLimit': {'MaxNumberOfTests': 10, 'MaxParallelOfTests': 3},
                "EndpointConfigurations": [{'InstanceType': instance_type}]
            },
            StoppingConditions={
                'MaxInvocations': 1000,
                'ModelLatencyThresholds': [{'Percentile': 'P95', 'ValueInMilliseconds': 100}],
                'FlatInvocations': 'Stop'
            },
            Tags=[{"Key": "rightsize:window-seconds", "Value": "1"}])

        deadline = time.time() + 180
        while True:
            load_test_response = check("DescribeInferenceRecommendationsJob",
                                       sagemaker_client.describe_inference_recommendations_job(JobName=load_test_job_name))
            if load_test_response['Status'] in ("COMPLETED", "FAILED", "STOPPED") or time.time() > deadline:
                break
            time.sleep(0.5)
        assert load_test_response['Status'] == "COMPLETED", load_test_response
        input_config = load_test_response["InputConfig"]
        assert input_config["ModelPackageVersionArn"] == model_package_arn, input_config
        container = input_config["ContainerConfig"]
        assert (container["Domain"], container["Task"], container["Framework"], container["FrameworkVersion"]) == (
            "MACHINE_LEARNING", "CLASSIFICATION", "XGBOOST", "1.7"), container
        assert container["PayloadConfig"] == {"SamplePayloadUrl": "s3://payloads/seed/payload.tar.gz", "SupportedContentTypes": ["text/csv"]}, container
        for r in load_test_response["InferenceRecommendations"]:
            print(r["EndpointConfiguration"]["InstanceType"], r["Metrics"]["MaxInvocations"])
        """;

    [Fact]
    public async Task The_seed_boto3_example_runs_on_a_package_registered_with_boto3()
    {
        var folder = TestServer.NewFolder(Workspace);
        try
        {
            WritePayloadArchive(Path.Combine(folder, "objects", "payloads", "seed", "payload.tar.gz"));
            var url = ServerProcess.FreeUrl();
            await using var server = ServerProcess.Start(folder, url);
            using var api = new SageMakerHttp(url);
            await Poll.UntilAsync(() => ServerProcess.RespondsAsync(api), TimeSpan.FromSeconds(60), "rightsize serve answers");
            var script = Path.Combine(folder, "seed_example.py");
            await File.WriteAllTextAsync(script, Script);

            var run = await AwsCli.RunAsync([script, url], "any", "credentials", "python3");

            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr + server.Output);
            var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            var fields = line.Split(' ');
            Assert.Equal("local.cpu1", fields[0]);
            Assert.True(int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) > 0, line);
        }
        finally
        {
            TestServer.DeleteFolder(folder);
        }
    }

    /// <summary>SageMaker's sample payload format: a .tar.gz of request bodies (two CSV rows here).</summary>
    internal static void WritePayloadArchive(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, row) in new[] { ("a.csv", "1.0,2.0,3.0"), ("b.csv", "4.0,5.0,6.0") })
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(row)) };
            tar.WriteEntry(entry);
        }
    }
}
