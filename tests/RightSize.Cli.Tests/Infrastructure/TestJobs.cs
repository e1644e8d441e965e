namespace RightSize.Cli.Tests.Infrastructure;

/// <summary>Job and workspace files for CLI tests: a synthetic model of known capacity and short, relaxed patterns.</summary>
internal static class TestJobs
{
    public static string SyntheticWorkspace(int slots = 4, int serviceTimeMs = 10) => $$"""
        {
          "Models": [
            {
              "ModelName": "synthetic",
              "PrimaryContainer": {
                "Image": "builtin:synthetic",
                "Environment": { "RIGHTSIZE_SYNTHETIC_SLOTS": "{{slots}}", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "{{serviceTimeMs}}" }
              }
            }
          ],
          "Endpoints": [ { "EndpointName": "nothing-listens", "Url": "http://127.0.0.1:9/" } ]
        }
        """;

    public static string Stairs(string jobName, string instanceTypes = "\"local.cpu1\"", int seconds = 6, int steps = 2, int usersPerStep = 2) => $$"""
        {
          "JobName": "{{jobName}}",
          "JobType": "Advanced",
          "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
          "InputConfig": {
            "ModelName": "synthetic",
            "TrafficPattern": { "TrafficType": "STAIRS", "Stairs": { "DurationInSeconds": {{seconds}}, "NumberOfSteps": {{steps}}, "UsersPerStep": {{usersPerStep}} } },
            "ResourceLimit": { "MaxNumberOfTests": 10, "MaxParallelOfTests": 1 },
            "EndpointConfigurations": [ {{string.Join(", ", instanceTypes.Split(',').Select(t => $"{{ \"InstanceType\": {t.Trim()} }}"))}} ]
          },
          "StoppingConditions": { "ModelLatencyThresholds": [ { "Percentile": "P95", "ValueInMilliseconds": 1000 } ], "FlatInvocations": "Continue" },
          "Tags": [ { "Key": "rightsize:window-seconds", "Value": "2" } ]
        }
        """;
}
