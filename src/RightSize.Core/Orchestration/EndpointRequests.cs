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

        // Beside an existing endpoint, a Default job's candidates start the model behind it; the endpoint's own test has no type.
        var existing = plan.ExistingUrl is not null && (plan.Model is null || test.Configuration is { InstanceType: null, ServerlessConfig: null });
        return new EndpointRequest
        {
            EndpointName = test.EndpointName,
            Model = existing ? null : plan.Model,
            ModelDirectory = existing ? null : plan.ModelDirectory,
            ExistingUrl = existing ? plan.ExistingUrl : null,
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
