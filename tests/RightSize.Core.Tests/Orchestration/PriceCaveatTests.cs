using RightSize.Catalog;
using RightSize.Jobs;
using RightSize.Models;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Workspaces;

namespace RightSize.Core.Tests.Orchestration;

/// <summary>A type whose catalog price is not verified carries the price-unverified caveat from planning on, with the price's source.</summary>
public sealed class PriceCaveatTests
{
    [Fact]
    public void Unverified_catalog_prices_are_a_caveat_of_their_tests_and_verified_ones_are_not()
    {
        var workspace = new Workspace
        {
            Folder = Path.GetTempPath(),
            Models = [new CreateModelRequest { ModelName = "synthetic", PrimaryContainer = new() { Image = BuiltInImages.Synthetic } }],
            InstanceTypes = [new InstanceType { Name = "local.checked", VCpus = 1, MemoryGiB = 1, PricePerHour = 0.05, PriceSource = "our invoice", Verified = true }],
        };
        var request = JobDocument.Parse("""
            {"JobName": "prices", "JobType": "Advanced", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
             "InputConfig": {"ModelName": "synthetic",
               "TrafficPattern": {"TrafficType": "PHASES", "Phases": [{"InitialNumberOfUsers": 1, "SpawnRate": 0, "DurationInSeconds": 120}]},
               "EndpointConfigurations": [{"InstanceType": "ml.m5.large"}, {"InstanceType": "ml.c5.large"}, {"InstanceType": "local.cpu1"}, {"InstanceType": "local.checked"}]}}
            """);
        Assert.True(request.Succeeded, string.Join("; ", request.Errors));

        var plan = JobPlanner.Plan(request.Value!, new WorkspaceResolver(workspace), InstanceCatalog.BuiltIn.WithOverrides(workspace.InstanceTypes), new JobPlanningOptions { Host = new HostCapacity(8, 32) });

        Assert.True(plan.Succeeded, string.Join("; ", plan.Errors));
        var prices = plan.Value!.Tests.Select(t => t.Caveats.Where(c => c.Kind == CaveatKind.PriceUnverified).Select(c => c.Detail).ToList()).ToList();
        Assert.Empty(prices[0]);
        Assert.StartsWith("ml.c5.large's 0.102 USD/hour is not verified (third-party SageMaker price tables", Assert.Single(prices[1]), StringComparison.Ordinal);
        Assert.StartsWith("local.cpu1's 0.051 USD/hour is not verified (nominal: 0.051 USD per vCPU-hour", Assert.Single(prices[2]), StringComparison.Ordinal);
        Assert.Empty(prices[3]);
    }
}
