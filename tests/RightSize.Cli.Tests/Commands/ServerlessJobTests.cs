using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;
using RightSize.Endpoints.Serverless;

namespace RightSize.Cli.Tests.Commands;

[Collection(TimingSensitive.Name)]
public sealed class ServerlessJobTests
{
    [Fact]
    public async Task A_serverless_test_reports_its_cold_start_is_priced_by_gb_seconds_and_has_no_instance_count()
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", TestJobs.SyntheticWorkspace(slots: 4, serviceTimeMs: 20));
        var job = cli.Write("job.json", """
            {
              "JobName": "serverless-run",
              "JobType": "Advanced",
              "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
              "InputConfig": {
                "ModelName": "synthetic",
                "TrafficPattern": { "TrafficType": "STAIRS", "Stairs": { "DurationInSeconds": 6, "NumberOfSteps": 2, "UsersPerStep": 2 } },
                "EndpointConfigurations": [ { "ServerlessConfig": { "MemorySizeInMB": 1024, "MaxConcurrency": 2 } } ]
              },
              "StoppingConditions": { "FlatInvocations": "Continue" },
              "Tags": [ { "Key": "rightsize:window-seconds", "Value": "2" } ]
            }
            """);

        var exit = await cli.RunAsync("run", job, "--relaxed-validation", "--output", cli.PathOf("out"));

        Assert.True(exit == 0, cli.Text);
        using var describe = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "describe.json")));
        var recommendation = describe.RootElement.GetProperty("InferenceRecommendations")[0];
        var metrics = recommendation.GetProperty("Metrics");
        Assert.True(metrics.GetProperty("ModelSetupTime").GetInt64() > 0);
        Assert.False(recommendation.GetProperty("EndpointConfiguration").TryGetProperty("InitialInstanceCount", out _));
        // 1 GB at the GB-second price for about 20 ms per inference.
        var perInference = metrics.GetProperty("CostPerInference").GetDouble();
        Assert.InRange(perInference, ServerlessRules.PricePerGbSecond * 0.019, ServerlessRules.PricePerGbSecond * 0.2);
        var max = metrics.GetProperty("MaxInvocations").GetInt64();
        Assert.Equal(perInference * max * 60, metrics.GetProperty("CostPerHour").GetDouble(), 12);
        // Four users against MaxConcurrency 2: the gate throttles, as SageMaker does.
        var rows = File.ReadAllLines(cli.PathOf("out", "metrics.csv"));
        var column = Array.IndexOf(rows[0].Split(','), "client_errors");
        Assert.Contains(rows.Skip(1), r => long.Parse(r.Split(',')[column], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("serverless: at most 2 concurrent", File.ReadAllText(cli.PathOf("out", "report.html")));
    }
}
