using RightSize.Jobs;
using RightSize.Registry;

namespace RightSize.Core.Tests.Registry;

public sealed class RegisteredPackageTests
{
    private const string Arn = "arn:aws:sagemaker:us-east-1:000000000000:model-package/g/3";

    private static readonly CreateModelPackageRequest Package = new()
    {
        ModelPackageGroupName = "g",
        Domain = "MACHINE_LEARNING",
        Task = "REGRESSION",
        SamplePayloadUrl = "s3://b/payload.tar.gz",
        InferenceSpecification = new()
        {
            Containers = [new() { Image = "builtin:xgboost", ModelDataUrl = "s3://b/model", Framework = "XGBOOST", FrameworkVersion = "1.7", NearestModelName = "xgb" }],
            SupportedContentTypes = ["text/csv"],
            SupportedResponseMIMETypes = ["text/csv"],
            SupportedRealtimeInferenceInstanceTypes = ["local.cpu1", "local.half"],
        },
    };

    [Fact]
    public void A_job_that_leaves_ContainerConfig_out_gets_the_versions_fields_and_its_container()
    {
        var job = new CreateInferenceRecommendationsJobRequest { JobType = "Default", InputConfig = new() { ModelPackageVersionArn = Arn } };

        var applied = RegisteredPackage.Apply(job, Package, Arn);

        Assert.True(applied.Succeeded);
        var container = applied.Value.Job.InputConfig!.ContainerConfig!;
        Assert.Equal(("MACHINE_LEARNING", "REGRESSION", "XGBOOST", "1.7", "xgb"), (container.Domain, container.Task, container.Framework, container.FrameworkVersion, container.NearestModelName));
        Assert.Equal(["local.cpu1", "local.half"], container.SupportedInstanceTypes!);
        Assert.Equal(["text/csv"], container.SupportedResponseMIMETypes!);
        Assert.Equal("s3://b/payload.tar.gz", container.PayloadConfig!.SamplePayloadUrl);
        Assert.Equal(["text/csv"], container.PayloadConfig.SupportedContentTypes!);
        var model = applied.Value.Model;
        Assert.Equal((Arn, "builtin:xgboost", "s3://b/model", Arn), (model.ModelName, model.PrimaryContainer!.Image, model.PrimaryContainer.ModelDataUrl, model.PrimaryContainer.ModelPackageName));
    }

    [Fact]
    public void The_jobs_own_fields_win()
    {
        var job = new CreateInferenceRecommendationsJobRequest
        {
            InputConfig = new()
            {
                ModelPackageVersionArn = Arn,
                ContainerConfig = new()
                {
                    Task = "CLASSIFICATION",
                    SupportedInstanceTypes = ["local.cpu2"],
                    PayloadConfig = new() { SamplePayloadUrl = "s3://b/mine.tar.gz" },
                },
            },
        };

        var container = RegisteredPackage.Apply(job, Package, Arn).Value!.Job.InputConfig!.ContainerConfig!;

        Assert.Equal(("MACHINE_LEARNING", "CLASSIFICATION"), (container.Domain, container.Task));
        Assert.Equal(["local.cpu2"], container.SupportedInstanceTypes!);
        Assert.Equal("s3://b/mine.tar.gz", container.PayloadConfig!.SamplePayloadUrl);
        Assert.Equal(["text/csv"], container.PayloadConfig.SupportedContentTypes!);
    }

    [Fact]
    public void A_version_of_two_containers_is_refused_naming_the_ARN()
    {
        var two = Package with { InferenceSpecification = Package.InferenceSpecification! with { Containers = [new() { Image = "builtin:synthetic" }, new() { Image = "builtin:synthetic" }] } };

        var applied = RegisteredPackage.Apply(new CreateInferenceRecommendationsJobRequest { InputConfig = new() { ModelPackageVersionArn = Arn } }, two, Arn);

        var error = Assert.Single(applied.Errors);
        Assert.Equal("InputConfig.ModelPackageVersionArn", error.Path);
        Assert.Contains("has 2 containers", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("g/3", "g", 3)]
    [InlineData(Arn, "g", 3)]
    public void Versions_parse_from_a_name_or_an_ARN(string value, string group, int version)
    {
        Assert.True(ModelPackageNames.TryParseVersion(value, out var g, out var v));
        Assert.Equal((group, version), (g, v));
    }

    [Theory]
    [InlineData("g")]
    [InlineData("g/0")]
    [InlineData("g/3/4")]
    [InlineData("arn:aws:sagemaker:us-east-1:000000000000:model-package-group/g")]
    public void Anything_else_names_no_version(string value) => Assert.False(ModelPackageNames.TryParseVersion(value, out _, out _));
}
