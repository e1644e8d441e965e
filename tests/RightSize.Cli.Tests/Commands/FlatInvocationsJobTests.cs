using System.Globalization;
using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands;

/// <summary>Issue #20: FlatInvocations Stop on a STAIRS job whose early steps already run close to the capacity.</summary>
[Collection(TimingSensitive.Name)]
public sealed class FlatInvocationsJobTests
{
    [Fact]
    public async Task A_step_close_to_the_capacity_does_not_stop_the_test_before_the_new_users_had_a_whole_window()
    {
        // 4 slots x 20 ms: 12,000/min of true capacity; 4 users already reach about 94% of it. 6 steps of 30 s with 2 users
        // each and 10 s windows: the step to 6 users once stopped the test at 61 s with the capacity 6% low.
        using var cli = new CliRun();
        cli.Write("rightsize.json", TestJobs.SyntheticWorkspace(slots: 4, serviceTimeMs: 20));
        var job = cli.Write("job.json", """
            {
              "JobName": "flat-stairs",
              "JobType": "Advanced",
              "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
              "InputConfig": {
                "ModelName": "synthetic",
                "TrafficPattern": { "TrafficType": "STAIRS", "Stairs": { "DurationInSeconds": 180, "NumberOfSteps": 6, "UsersPerStep": 2 } },
                "ResourceLimit": { "MaxNumberOfTests": 1, "MaxParallelOfTests": 1 },
                "EndpointConfigurations": [ { "InstanceType": "local.cpu1" } ]
              },
              "StoppingConditions": {
                "MaxInvocations": 30000,
                "ModelLatencyThresholds": [ { "Percentile": "P95", "ValueInMilliseconds": 500 } ],
                "FlatInvocations": "Stop"
              },
              "Tags": [ { "Key": "rightsize:window-seconds", "Value": "10" } ]
            }
            """);

        var exit = await cli.RunAsync("run", job, "--relaxed-validation", "--output", cli.PathOf("out"));

        Assert.True(exit == 0, cli.Text);
        var rows = File.ReadAllLines(cli.PathOf("out", "metrics.csv")).Select(r => r.Split(',')).ToList();
        var header = rows[0];
        var last = rows[^1];
        Assert.True(int.Parse(last[Array.IndexOf(header, "users")], CultureInfo.InvariantCulture) >= 8,
            $"the test stopped at {last[Array.IndexOf(header, "window_end_s")]} s with {last[Array.IndexOf(header, "users")]} users");
        using var describe = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "describe.json")));
        var recommendation = describe.RootElement.GetProperty("InferenceRecommendations")[0];
        var perInstance = recommendation.GetProperty("Metrics").GetProperty("MaxInvocations").GetDouble()
            / recommendation.GetProperty("EndpointConfiguration").GetProperty("InitialInstanceCount").GetInt32();
        Assert.InRange(perInstance, 12_000 * 0.95, 12_000 * 1.05);
        Assert.Contains("invocations flattened while users grew", File.ReadAllText(cli.PathOf("out", "report.html")), StringComparison.Ordinal);
    }
}
