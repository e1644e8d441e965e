using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands;

/// <summary>
/// Issue #15: the demo workspace's ONNX model, as the README tells a user to run it: a job file naming
/// rightsize-demo-onnx and nothing else about payloads gets the JSON sample requests beside the model.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class OnnxDemoModelTests
{
    [Fact]
    public async Task A_job_on_the_demo_onnx_model_runs_on_its_default_json_payloads()
    {
        using var cli = new CliRun();
        var job = cli.Write("job.json", """
            {
              "JobName": "onnx-demo", "JobType": "Advanced", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
              "InputConfig": {
                "ModelName": "rightsize-demo-onnx",
                "TrafficPattern": { "TrafficType": "PHASES", "Phases": [ { "InitialNumberOfUsers": 2, "SpawnRate": 0, "DurationInSeconds": 6 } ] },
                "EndpointConfigurations": [ { "InstanceType": "local.cpu1" } ]
              },
              "StoppingConditions": { "FlatInvocations": "Continue" },
              "Tags": [ { "Key": "rightsize:window-seconds", "Value": "2" } ]
            }
            """);

        var exit = await cli.RunAsync("run", job, "--relaxed-validation", "--output", cli.PathOf("out"));

        Assert.True(exit == 0, cli.Text);
        using var describe = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "describe.json")));
        var recommendation = Assert.Single(describe.RootElement.GetProperty("InferenceRecommendations").EnumerateArray());
        Assert.Equal("local.cpu1", recommendation.GetProperty("EndpointConfiguration").GetProperty("InstanceType").GetString());
        Assert.True(recommendation.GetProperty("Metrics").GetProperty("MaxInvocations").GetInt64() > 0);
    }
}
