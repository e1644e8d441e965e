using RightSize.Endpoints;

namespace RightSize.Orchestration;

/// <summary>What a test asks an endpoint provider for: the job's model with the test's configuration and environment parameters.</summary>
internal static class EndpointRequests
{
    public static EndpointRequest For(JobPlan plan, TestPlan test)
    {
        var environment = new Dictionary<string, string>(plan.Model?.PrimaryContainer?.Environment ?? []);
        foreach (var p in test.EnvironmentParameters)
        {
            environment[p.Key] = p.Value;
        }

        return new EndpointRequest
        {
            EndpointName = test.EndpointName,
            Model = plan.Model,
            ModelDirectory = plan.ModelDirectory,
            ExistingUrl = plan.ExistingUrl,
            InstanceType = test.Configuration.InstanceType,
            ServerlessConfig = test.Configuration.ServerlessConfig,
            Resources = test.Resources,
            Gpus = test.Gpus,
            Environment = environment,
            SetupDeadline = plan.SetupDeadline,
            ServerlessIdle = plan.ServerlessIdle,
        };
    }
}
