using RightSize.Catalog;
using RightSize.Jobs;
using RightSize.Models;
using RightSize.Orchestration;
using RightSize.Workspaces;

namespace RightSize.Core.Tests.Orchestration;

/// <summary>At create time a job's instance types are refused with the field that names them: unknown, unpriced, larger than the host.</summary>
public sealed class CatalogPlanningTests
{
    private static readonly Workspace Space = new()
    {
        Folder = Path.GetTempPath(),
        Models = [new CreateModelRequest { ModelName = "synthetic", PrimaryContainer = new() { Image = BuiltInImages.Synthetic } }],
    };

    private static Result<JobPlan> Plan(string inputConfig, HostCapacity host, string jobType = "Advanced")
    {
        var traffic = jobType == "Advanced"
            ? """ "TrafficPattern": {"TrafficType": "PHASES", "Phases": [{"InitialNumberOfUsers": 1, "SpawnRate": 0, "DurationInSeconds": 120}]}, """
            : string.Empty;
        var request = JobDocument.Parse($$$"""
            {"JobName": "catalog", "JobType": "{{{jobType}}}", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
             "InputConfig": {"ModelName": "synthetic", {{{traffic}}} {{{inputConfig}}} }}
            """);
        Assert.True(request.Succeeded, string.Join("; ", request.Errors));
        return JobPlanner.Plan(request.Value!, new WorkspaceResolver(Space), InstanceCatalog.BuiltIn, new JobPlanningOptions { Host = host });
    }

    [Fact]
    public void A_type_larger_than_the_host_is_refused_at_create_time_naming_its_field_and_the_ways_out()
    {
        var plan = Plan("""
            "EndpointConfigurations": [{"InstanceType": "local.cpu1"}, {"InstanceType": "ml.c5.4xlarge"}, {"InstanceType": "ml.m4.2xlarge"}]
            """, new HostCapacity(4, 16));

        var errors = plan.Errors.ToDictionary(e => e.Path, e => e.Message);
        Assert.Equal(["InputConfig.EndpointConfigurations[1].InstanceType", "InputConfig.EndpointConfigurations[2].InstanceType"], errors.Keys.Order());
        Assert.Contains("ml.c5.4xlarge needs 16 vCPUs", errors["InputConfig.EndpointConfigurations[1].InstanceType"], StringComparison.Ordinal);
        Assert.Contains("rightsize:emulate-proportional", errors["InputConfig.EndpointConfigurations[1].InstanceType"], StringComparison.Ordinal);
        // A real type from AWS's notebooks is known; without a price source it asks for one, with its hardware filled in.
        Assert.Contains("\"InstanceType\": \"ml.m4.2xlarge\", \"VCpus\": 8, \"MemoryGiB\": 32", errors["InputConfig.EndpointConfigurations[2].InstanceType"], StringComparison.Ordinal);

        Assert.True(Plan("""
            "EndpointConfigurations": [{"InstanceType": "local.cpu1"}, {"InstanceType": "ml.c5.4xlarge"}]
            """, new HostCapacity(32, 64)).Succeeded);
    }

    [Fact]
    public void A_Default_jobs_SupportedInstanceTypes_are_named_by_their_own_field()
    {
        var plan = Plan("""
            "ContainerConfig": {"SupportedInstanceTypes": ["local.cpu1", "ml.c5.xlarg", "ml.c5.4xlarge"]}
            """, new HostCapacity(4, 16), jobType: "Default");

        Assert.Equal(["InputConfig.ContainerConfig.SupportedInstanceTypes[1]", "InputConfig.ContainerConfig.SupportedInstanceTypes[2]"],
            plan.Errors.Select(e => e.Path).Order());
        Assert.Contains("did you mean ml.c5.xlarge", plan.Errors.Single(e => e.Path.EndsWith("[1]", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }
}
