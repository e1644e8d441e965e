using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api;

/// <summary>SageMaker's error codes and rules, case by case, as boto3 sees them (one server, one script).</summary>
public sealed class ErrorCodeBoto3Tests
{
    private const string Script = """
        import sys
        import boto3
        from botocore.config import Config

        url = sys.argv[1]
        def client(validate=True):
            return boto3.client("sagemaker", endpoint_url=url, region_name="us-east-1",
                                config=Config(retries={"max_attempts": 1}, parameter_validation=validate))
        sm, raw = client(), client(validate=False)

        def refused(code, fragments, call, **kwargs):
            try:
                call(**kwargs)
            except sm.exceptions.ClientError as e:
                error = e.response["Error"]
                assert error["Code"] == code, (call.__name__, kwargs, error)
                for fragment in fragments:
                    assert fragment in error["Message"], (fragment, error["Message"])
                return
            raise SystemExit(f"{call.__name__}({kwargs}) was accepted; expected {code}")

        container = {"Image": "builtin:synthetic"}
        for name in ("alpha", "beta", "gamma"):
            sm.create_model(ModelName=name, PrimaryContainer=container)

        # The SageMaker Python SDK reuses a model when CreateModel answers exactly this.
        refused("ValidationException", ["Cannot create already existing model", "model/alpha"],
                sm.create_model, ModelName="alpha", PrimaryContainer=container)

        # List filters are checked against SageMaker's patterns, each named.
        refused("ValidationException", ["NameContains", "ModelNameEquals", "ModelPackageVersionArnEquals"],
                sm.list_inference_recommendations_jobs, NameContains="no_underscores",
                ModelNameEquals="-leading-hyphen", ModelPackageVersionArnEquals="not-an-arn")
        refused("ValidationException", ["NameContains"], sm.list_models, NameContains="a b")
        assert sm.list_inference_recommendations_jobs(NameContains="ok-name", ModelNameEquals="alpha")["InferenceRecommendationsJobs"] == []

        # A NextToken pages the list it came from, and only that list.
        first = sm.list_models(SortBy="Name", SortOrder="Ascending", MaxResults=1)
        token = first["NextToken"]
        refused("ValidationException", ["NextToken", "other filters"], sm.list_models,
                SortBy="Name", SortOrder="Ascending", MaxResults=1, NameContains="a", NextToken=token)
        refused("ValidationException", ["NextToken"], sm.list_models, SortBy="Name", SortOrder="Descending", NextToken=token)
        refused("ValidationException", ["NextToken"], sm.list_inference_recommendations_jobs, NextToken=token)
        second = sm.list_models(SortBy="Name", SortOrder="Ascending", MaxResults=2, NextToken=token)
        assert [m["ModelName"] for m in first["Models"] + second["Models"]] == ["alpha", "beta", "gamma"], second

        # A value of the wrong JSON type cannot be read: SerializationException, naming the member.
        refused("SerializationException", ["MaxResults"], raw.list_models, MaxResults="ten")
        refused("SerializationException", ["InputConfig.JobDurationInSeconds"], raw.create_inference_recommendations_job,
                JobName="typed", JobType="Advanced", RoleArn="arn:aws:iam::123456789012:role/r",
                InputConfig={"ModelName": "alpha", "JobDurationInSeconds": "7200"})

        # RecommendationId and EndpointName are one or the other.
        refused("ValidationException", ["RecommendationId or EndpointName"], sm.get_scaling_configuration_recommendation,
                InferenceRecommendationsJobName="any-job", RecommendationId="r-1", EndpointName="e-1")
        print("ok")
        """;

    [Fact]
    public async Task Error_codes_and_rules_match_SageMakers_through_boto3()
    {
        await using var server = await TestServer.StartAsync();
        var script = Path.Combine(server.Folder, "error_codes.py");
        await File.WriteAllTextAsync(script, Script);

        var run = await AwsCli.RunAsync([script, server.Url], "any", "credentials", "python3");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("ok", run.Stdout.Trim());
    }
}
