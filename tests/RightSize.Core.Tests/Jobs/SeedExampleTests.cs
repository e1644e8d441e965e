using RightSize.Catalog;
using RightSize.Jobs;

namespace RightSize.Tests.Jobs;

/// <summary>The Boto3 example of SageMaker's "Run a custom load test" page, written as JSON.</summary>
public sealed class SeedExampleTests
{
    private const string SeedJson = """
        {
          "JobName": "<INSERT>",
          "JobType": "Advanced",
          "RoleArn": "arn:aws:iam::<account>:role/*",
          "InputConfig": {
            "ModelPackageVersionArn": "arn:aws:sagemaker:<region>:<account>:role/*",
            "JobDurationInSeconds": 7200,
            "TrafficPattern": {
              "TrafficType": "PHASES",
              "Phases": [
                { "InitialNumberOfUsers": 1, "SpawnRate": 1, "DurationInSeconds": 120 },
                { "InitialNumberOfUsers": 1, "SpawnRate": 1, "DurationInSeconds": 120 }
              ]
            },
            "ResourceLimit": { "MaxNumberOfTests": 10, "MaxParallelOfTests": 3 },
            "EndpointConfigurations": [
              { "InstanceType": "ml.c5.xlarge" },
              { "InstanceType": "ml.m5.xlarge" },
              { "InstanceType": "ml.r5.xlarge" }
            ]
          },
          "StoppingConditions": {
            "MaxInvocations": 1000,
            "ModelLatencyThresholds": [ { "Percentile": "P95", "ValueInMilliseconds": 100 } ],
            "FlatInvocations": "Stop"
          }
        }
        """;

    [Fact]
    public void The_seed_example_parses_unchanged()
    {
        var result = JobDocument.Parse(SeedJson);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Value.InputConfig!.TrafficPattern!.Phases!.Count);
        Assert.Equal(3, result.Value.InputConfig.EndpointConfigurations!.Count);
    }

    [Fact]
    public void The_seed_placeholders_fail_only_their_patterns()
    {
        var errors = JobSamples.Strict(JobDocument.Parse(SeedJson).Value!);

        Assert.Equal(["JobName", "RoleArn", "InputConfig.ModelPackageVersionArn"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Contains("is not valid: expected", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_seed_filled_in_with_a_model_name_validates_cleanly_in_strict_mode()
    {
        var filled = SeedJson
            .Replace("<INSERT>", "seed-load-test", StringComparison.Ordinal)
            .Replace("arn:aws:iam::<account>:role/*", "arn:aws:iam::123456789012:role/RightSize", StringComparison.Ordinal)
            .Replace("\"ModelPackageVersionArn\": \"arn:aws:sagemaker:<region>:<account>:role/*\"", "\"ModelName\": \"xgb\"", StringComparison.Ordinal);
        var request = JobDocument.Parse(filled).Value!;

        Assert.Empty(JobValidator.Validate(request, new() { Catalog = InstanceCatalog.BuiltIn }));
        Assert.Equal("xgb", request.InputConfig!.ModelName);
    }
}
