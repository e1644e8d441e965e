using RightSize.Jobs;
using static RightSize.Tests.Jobs.JobSamples;

namespace RightSize.Tests.Jobs;

public sealed class CoreRuleTests
{
    public static TheoryData<string, Func<CreateInferenceRecommendationsJobRequest>, string, string> Cases => new()
    {
        { "job name missing", () => Valid with { JobName = null }, "JobName", "required" },
        { "job name pattern", () => Valid with { JobName = "bad_name!" }, "JobName", "expected letters and digits" },
        { "job name length", () => Valid with { JobName = new string('a', 65) }, "JobName", "length 65 is out of range 1-64" },
        { "job type", () => Valid with { JobType = "Fast" }, "JobType", "use one of: Default, Advanced" },
        { "job type missing", () => Valid with { JobType = null }, "JobType", "required: Default or Advanced" },
        { "role missing", () => Valid with { RoleArn = null }, "RoleArn", "required" },
        { "role pattern", () => Valid with { RoleArn = "arn:aws:iam::123:role/some-role-x" }, "RoleArn", "arn:aws:iam::<12-digit account>:role/<name>" },
        { "description", () => Valid with { JobDescription = new string('d', 129) }, "JobDescription", "out of range 0-128" },
        { "input missing", () => Valid with { InputConfig = null }, "InputConfig", "required" },
        { "two models", () => WithInput(i => i with { ModelPackageVersionArn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/m/1" }), "InputConfig.ModelPackageVersionArn", "not both" },
        { "no model", () => WithInput(i => i with { ModelName = null }), "InputConfig.ModelName", "a job needs a model" },
        { "model name pattern", () => WithInput(i => i with { ModelName = "bad_model" }), "InputConfig.ModelName", "is not valid" },
        { "model name length", () => WithInput(i => i with { ModelName = new string('m', 64) }), "InputConfig.ModelName", "out of range 0-63" },
        { "package arn pattern", () => WithInput(i => i with { ModelName = null, ModelPackageVersionArn = "arn:aws:sagemaker:us-east-1:1:model-package/m" }), "InputConfig.ModelPackageVersionArn", "model-package/<name>/<version>" },
        { "job duration low", () => WithInput(i => i with { JobDurationInSeconds = 0 }), "InputConfig.JobDurationInSeconds", "0 is out of range 1-18000" },
        { "job duration high", () => WithInput(i => i with { JobDurationInSeconds = 18001 }), "InputConfig.JobDurationInSeconds", "18001 is out of range 1-18000" },
        { "tests limit", () => WithInput(i => i with { ResourceLimit = new() { MaxNumberOfTests = 11 } }), "InputConfig.ResourceLimit.MaxNumberOfTests", "11 is out of range 1-10" },
        { "tests limit low", () => WithInput(i => i with { ResourceLimit = new() { MaxNumberOfTests = 0 } }), "InputConfig.ResourceLimit.MaxNumberOfTests", "0 is out of range 1-10" },
        { "parallel limit", () => WithInput(i => i with { ResourceLimit = new() { MaxParallelOfTests = 11 } }), "InputConfig.ResourceLimit.MaxParallelOfTests", "11 is out of range 1-10" },
        { "kms key", () => WithInput(i => i with { VolumeKmsKeyId = "key with spaces" }), "InputConfig.VolumeKmsKeyId", "KMS key" },
        { "endpoints count", () => WithInput(i => i with { EndpointConfigurations = null, Endpoints = [new() { EndpointName = "a" }, new() { EndpointName = "b" }] }), "InputConfig.Endpoints", "has 2 endpoints, out of range 0-1" },
        { "endpoint name", () => WithInput(i => i with { EndpointConfigurations = null, Endpoints = [new() { EndpointName = "bad_name" }] }), "InputConfig.Endpoints[0].EndpointName", "is not valid" },
        { "endpoint name missing", () => WithInput(i => i with { EndpointConfigurations = null, Endpoints = [new()] }), "InputConfig.Endpoints[0].EndpointName", "required" },
        { "endpoints with configurations", () => WithInput(i => i with { Endpoints = [new() { EndpointName = "live" }] }), "InputConfig.EndpointConfigurations", "cannot be combined with InputConfig.Endpoints" },
        { "vpc groups count", () => WithInput(i => i with { VpcConfig = new() { SecurityGroupIds = [], Subnets = ["subnet-1"] } }), "InputConfig.VpcConfig.SecurityGroupIds", "has 0 ids, out of range 1-5" },
        { "vpc subnets missing", () => WithInput(i => i with { VpcConfig = new() { SecurityGroupIds = ["sg-1"] } }), "InputConfig.VpcConfig.Subnets", "required" },
        { "vpc id pattern", () => WithInput(i => i with { VpcConfig = new() { SecurityGroupIds = ["sg_1"], Subnets = ["subnet-1"] } }), "InputConfig.VpcConfig.SecurityGroupIds[0]", "letters, digits and hyphens" },
        { "framework version", () => WithInput(i => i with { ContainerConfig = new() { FrameworkVersion = "v1.0" } }), "InputConfig.ContainerConfig.FrameworkVersion", "expected a version such as 1.7" },
        { "endpoint type", () => WithInput(i => i with { ContainerConfig = new() { SupportedEndpointType = "Batch" } }), "InputConfig.ContainerConfig.SupportedEndpointType", "RealTime, Serverless" },
        { "mime type", () => WithInput(i => i with { ContainerConfig = new() { SupportedResponseMIMETypes = ["csv"] } }), "InputConfig.ContainerConfig.SupportedResponseMIMETypes[0]", "a MIME type" },
        { "payload scheme", () => WithInput(i => i with { ContainerConfig = new() { PayloadConfig = new() { SamplePayloadUrl = "gs://bucket/p.tar.gz" } } }), "InputConfig.ContainerConfig.PayloadConfig.SamplePayloadUrl", "s3://bucket/key, file:///path, or a local path" },
        { "content type length", () => WithInput(i => i with { ContainerConfig = new() { PayloadConfig = new() { SupportedContentTypes = [new string('t', 257)] } } }), "InputConfig.ContainerConfig.PayloadConfig.SupportedContentTypes[0]", "out of range 0-256" },
        { "output uri", () => Valid with { OutputConfig = new() { CompiledOutputConfig = new() { S3OutputUri = "file:///tmp/out" } } }, "OutputConfig.CompiledOutputConfig.S3OutputUri", "s3://bucket/key" },
        { "output kms", () => Valid with { OutputConfig = new() { KmsKeyId = "a b" } }, "OutputConfig.KmsKeyId", "KMS key" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_rule_reports_its_path_and_range(string rule, Func<CreateInferenceRecommendationsJobRequest> request, string path, string fragment)
    {
        Assert.NotEmpty(rule);
        AssertSingleError(Strict(request()), path, fragment);
    }

    [Fact]
    public void The_valid_sample_has_no_errors_in_either_mode()
    {
        Assert.Empty(Strict(Valid));
        Assert.Empty(Relaxed(Valid));
    }

    [Theory]
    [InlineData("s3://bucket/payloads.tar.gz")]
    [InlineData("https://example.com/payloads.tar.gz")]
    [InlineData("file:///data/payloads.tar.gz")]
    [InlineData("payloads/")]
    [InlineData("/abs/payloads.tgz")]
    public void Sample_payload_locations_accept_s3_https_file_and_paths(string url)
    {
        Assert.Empty(Strict(WithInput(i => i with { ContainerConfig = new() { PayloadConfig = new() { SamplePayloadUrl = url } } })));
    }

    [Fact]
    public void Default_jobs_need_no_traffic_pattern_or_endpoint_configurations()
    {
        var job = WithInput(i => i with { TrafficPattern = null, EndpointConfigurations = null }) with { JobType = "Default" };

        Assert.Empty(Strict(job));
    }

    [Fact]
    public void An_existing_endpoint_alone_is_a_model_source()
    {
        var job = WithInput(i => i with { ModelName = null, EndpointConfigurations = null, Endpoints = [new() { EndpointName = "live" }] });

        Assert.Empty(Strict(job));
    }

    [Fact]
    public void Several_mistakes_are_all_reported_at_once()
    {
        var job = WithPhases(Phase(5, 1, 120), Phase(1, -9, 60)) with
        {
            JobName = "bad name",
            StoppingConditions = new() { MaxInvocations = 0, FlatInvocations = "Pause" },
        };

        Assert.Equal(
            [
                "JobName",
                "InputConfig.TrafficPattern.Phases[0].InitialNumberOfUsers",
                "InputConfig.TrafficPattern.Phases[1].SpawnRate",
                "InputConfig.TrafficPattern.Phases[1].DurationInSeconds",
                "StoppingConditions.MaxInvocations",
                "StoppingConditions.FlatInvocations",
            ],
            Strict(job).Select(e => e.Path));
    }
}
