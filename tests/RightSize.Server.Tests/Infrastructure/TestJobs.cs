namespace RightSize.Server.Tests.Infrastructure;

/// <summary>
/// A workspace with a synthetic model of known capacity and a half-core type (two types that fit a 2-core host beside
/// the load generator's core), and short relaxed jobs in the seed's shape.
/// </summary>
internal static class TestJobs
{
    public const string RoleArn = "arn:aws:iam::123456789012:role/rightsize";

    public const string Workspace = """
        {
          "Models": [
            {
              "ModelName": "synthetic",
              "PrimaryContainer": {
                "Image": "builtin:synthetic",
                "Environment": { "RIGHTSIZE_SYNTHETIC_SLOTS": "4", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "10" }
              }
            }
          ],
          "InstanceTypes": [ { "InstanceType": "local.half", "VCpus": 0.5, "MemoryGiB": 1, "PricePerHour": 0.0255 } ]
        }
        """;

    /// <summary>InputConfig of a STAIRS job: one test per instance type, <paramref name="seconds"/> long each.</summary>
    public static string InputConfig(int seconds = 4, string model = "synthetic", params string[] instanceTypes)
    {
        var configurations = string.Join(", ", (instanceTypes.Length == 0 ? ["local.cpu1"] : instanceTypes).Select(t => $"{{\"InstanceType\": \"{t}\"}}"));
        return $$$"""
            {"ModelName": "{{{model}}}",
             "TrafficPattern": {"TrafficType": "STAIRS", "Stairs": {"DurationInSeconds": {{{seconds}}}, "NumberOfSteps": 2, "UsersPerStep": 2}},
             "ResourceLimit": {"MaxNumberOfTests": 10, "MaxParallelOfTests": 1},
             "EndpointConfigurations": [{{{configurations}}}]}
            """;
    }

    public static string StoppingConditions => """{"ModelLatencyThresholds": [{"Percentile": "P95", "ValueInMilliseconds": 1000}], "FlatInvocations": "Continue"}""";

    public const string WindowTag = "Key=rightsize:window-seconds,Value=1";

    /// <summary>A whole request body, for HTTP and boto3 tests.</summary>
    public static string Request(string jobName, int seconds = 4, params string[] instanceTypes) => $$$"""
        {"JobName": "{{{jobName}}}", "JobType": "Advanced", "RoleArn": "{{{RoleArn}}}",
         "InputConfig": {{{InputConfig(seconds, "synthetic", instanceTypes)}}},
         "StoppingConditions": {{{StoppingConditions}}},
         "Tags": [{"Key": "rightsize:window-seconds", "Value": "1"}]}
        """;
}
