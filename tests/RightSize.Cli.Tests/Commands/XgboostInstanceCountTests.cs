using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;
using RightSize.ModelServer;

namespace RightSize.Cli.Tests.Commands;

/// <summary>Issue #10 item 9: a job on the real XGBoost demo model whose MaxInvocations target needs more than one instance.</summary>
[Collection(TimingSensitive.Name)]
public sealed class XgboostInstanceCountTests
{
    [Fact]
    public async Task A_target_above_one_instance_s_capacity_recommends_the_instances_it_needs()
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", JsonSerializer.Serialize(new
        {
            Models = new[] { new { ModelName = "xgb", PrimaryContainer = new { Image = "builtin:xgboost", ModelDataUrl = DemoModel.Directory } } },
        }));
        // 10 million invocations a minute (SageMaker's largest target): far above what one local.cpu1 instance of the demo model serves.
        var job = cli.Write("job.json", """
            {
              "JobName": "xgb-count", "JobType": "Advanced", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
              "InputConfig": {
                "ModelName": "xgb",
                "TrafficPattern": { "TrafficType": "STAIRS", "Stairs": { "DurationInSeconds": 8, "NumberOfSteps": 2, "UsersPerStep": 2 } },
                "ResourceLimit": { "MaxNumberOfTests": 1, "MaxParallelOfTests": 1 },
                "EndpointConfigurations": [ { "InstanceType": "local.cpu1" } ]
              },
              "StoppingConditions": { "MaxInvocations": 10000000, "FlatInvocations": "Continue" },
              "Tags": [ { "Key": "rightsize:window-seconds", "Value": "2" } ]
            }
            """);

        var exit = await cli.RunAsync("run", job, "--workspace", cli.PathOf("rightsize.json"), "--relaxed-validation", "--output", cli.PathOf("out"));

        Assert.True(exit == 0, cli.Text);
        using var describe = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "describe.json")));
        var recommendation = describe.RootElement.GetProperty("InferenceRecommendations")[0];
        var count = recommendation.GetProperty("EndpointConfiguration").GetProperty("InitialInstanceCount").GetInt32();
        var metrics = recommendation.GetProperty("Metrics");
        var total = metrics.GetProperty("MaxInvocations").GetInt64();
        Assert.True(count > 1, $"InitialInstanceCount {count}");
        // The count is the fewest instances whose combined capacity reaches the target, and the figures follow from it.
        var perInstance = total / count;
        Assert.True(perInstance > 0);
        Assert.Equal((int)Math.Ceiling(10_000_000.0 / perInstance), count);
        Assert.Equal(0.051 * count, metrics.GetProperty("CostPerHour").GetDouble(), 3);
    }
}
