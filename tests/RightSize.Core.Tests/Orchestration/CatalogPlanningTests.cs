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
        Assert.Contains("ml.m4.2xlarge needs 8 vCPUs", errors["InputConfig.EndpointConfigurations[2].InstanceType"], StringComparison.Ordinal);

        Assert.True(Plan("""
            "EndpointConfigurations": [{"InstanceType": "local.cpu1"}, {"InstanceType": "ml.c5.4xlarge"}]
            """, new HostCapacity(32, 64)).Succeeded);
    }

    [Fact]
    public void A_type_without_a_known_price_runs_with_cost_not_available_and_a_caveat_naming_the_workspace_entry()
    {
        // A real type from AWS's notebooks is known; without a price source its cost is NaN, as SageMaker reports a missing metric.
        var plan = Plan("""
            "EndpointConfigurations": [{"InstanceType": "ml.m4.2xlarge"}]
            """, new HostCapacity(32, 64));

        var test = Assert.Single(plan.Value!.Tests);
        Assert.True(double.IsNaN(test.PricePerHour));
        var caveat = Assert.Single(test.Caveats, c => c.Kind == RightSize.Results.CaveatKind.PriceUnverified);
        Assert.Contains("cost per hour and per inference are not available", caveat.Detail, StringComparison.Ordinal);
        Assert.Contains("\"InstanceType\": \"ml.m4.2xlarge\", \"VCpus\": 8, \"MemoryGiB\": 32", caveat.Detail, StringComparison.Ordinal);
        var metrics = RightSize.Results.TestMetricsCalculator.Compute(Core.Tests.Results.TestMetricsCalculatorTests.Window(60, 600, 10), new RightSize.Stopping.StoppingPolicy(), test.PricePerHour);
        Assert.True(double.IsNaN(metrics.CostPerInference));
    }

    [Fact]
    public void A_Default_job_beside_an_existing_endpoint_tests_the_endpoint_and_its_candidates_with_the_models_payloads()
    {
        var space = Space with { Endpoints = [new WorkspaceEndpoint { EndpointName = "running", Url = "http://127.0.0.1:9/" }] };
        var request = JobDocument.Parse("""
            {"JobName": "beside", "JobType": "Default", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
             "InputConfig": {"Endpoints": [{"EndpointName": "running"}], "ModelName": "synthetic",
                             "ContainerConfig": {"SupportedInstanceTypes": ["local.cpu1", "ml.c5.xlarg"]}}}
            """).Value!;

        var plan = JobPlanner.Plan(request, new WorkspaceResolver(space), InstanceCatalog.BuiltIn, new JobPlanningOptions { Host = new HostCapacity(4, 16) });

        // The candidates' paths count from SupportedInstanceTypes, not from the endpoint's test before them.
        Assert.Equal("InputConfig.ContainerConfig.SupportedInstanceTypes[1]", Assert.Single(plan.Errors).Path);
        request = request with { InputConfig = request.InputConfig! with { ContainerConfig = new() { SupportedInstanceTypes = ["local.cpu1"] } } };
        var planned = JobPlanner.Plan(request, new WorkspaceResolver(space), InstanceCatalog.BuiltIn, new JobPlanningOptions { Host = new HostCapacity(4, 16) }).Value!;
        Assert.Equal([null, "local.cpu1"], planned.Tests.Select(t => t.Configuration.InstanceType));
        Assert.NotNull(planned.Model);
        Assert.NotEmpty(planned.Payloads);
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
