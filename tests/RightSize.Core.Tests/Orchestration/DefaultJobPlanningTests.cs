using RightSize.Catalog;
using RightSize.Jobs;
using RightSize.Models;
using RightSize.Orchestration;
using RightSize.Workspaces;

namespace RightSize.Core.Tests.Orchestration;

/// <summary>
/// A Default job's plan: find-peak's doubling search with one window per step (so the window tag shortens it), SageMaker
/// types (and the workspace's own) as candidates, and as many candidates at once as the host has cores for.
/// </summary>
public sealed class DefaultJobPlanningTests
{
    private static Result<JobPlan> Plan(string inputConfig, HostCapacity host, IEnumerable<InstanceType>? own = null, string tags = "") =>
        Plan(inputConfig, new JobPlanningOptions { Host = host }, own, tags);

    private static Result<JobPlan> Plan(string inputConfig, JobPlanningOptions options, IEnumerable<InstanceType>? own = null, string tags = "")
    {
        var space = new Workspace
        {
            Folder = Path.GetTempPath(),
            Models = [new CreateModelRequest { ModelName = "synthetic", PrimaryContainer = new() { Image = BuiltInImages.Synthetic } }],
        };
        var request = JobDocument.Parse($$$"""
            {"JobName": "default", "JobType": "Default", "RoleArn": "arn:aws:iam::123456789012:role/rightsize", "Tags": [{{{tags}}}],
             "InputConfig": {"ModelName": "synthetic" {{{inputConfig}}} }}
            """);
        Assert.True(request.Succeeded, string.Join("; ", request.Errors));
        var catalog = InstanceCatalog.BuiltIn.WithOverrides(own ?? []);
        return JobPlanner.Plan(request.Value!, new WorkspaceResolver(space), catalog, options);
    }

    [Fact]
    public void The_load_doubles_users_each_window_until_the_search_limit()
    {
        var plan = Plan("", new HostCapacity(4, 16), tags: """{"Key": "rightsize:window-seconds", "Value": "3"}""").Value!;

        var schedule = plan.Schedule;
        var steps = Enumerable.Range(0, (int)(schedule.Duration.TotalSeconds / 3)).Select(i => schedule.UsersAt(TimeSpan.FromSeconds((3 * i) + 1))).ToList();
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256], steps);
        Assert.Equal(TimeSpan.FromSeconds(27), schedule.Duration);
        // Without the tag a step is SageMaker's one-minute window: 9 minutes at most instead of the old fixed 20.
        Assert.Equal(TimeSpan.FromMinutes(9), Plan("", new HostCapacity(4, 16)).Value!.Schedule.Duration);
    }

    [Fact]
    public void Candidates_are_SageMaker_types_and_the_workspaces_own_never_the_built_in_local_profiles()
    {
        var own = new InstanceType { Name = "local.mine", VCpus = 1, MemoryGiB = 1, PricePerHour = 0.001 };

        var names = Plan("", new HostCapacity(64, 256), [own]).Value!.Tests.Select(t => t.Configuration.InstanceType!).ToList();

        Assert.Contains("local.mine", names);
        Assert.DoesNotContain(names, n => n.StartsWith("local.cpu", StringComparison.Ordinal));
        Assert.All(names.Where(n => n != "local.mine"), n => Assert.StartsWith("ml.", n, StringComparison.Ordinal));
    }

    [Fact]
    public void Candidates_are_the_types_the_host_gives_their_size_and_a_host_too_small_for_any_is_refused_with_what_to_do()
    {
        var catalog = InstanceCatalog.BuiltIn;
        bool Vcpus(TestPlan t, Func<double, bool> rule) => catalog.TryGet(t.Configuration.InstanceType!, out var type) && rule(type.VCpus);

        // Endpoints get 3 of 4 cores: every candidate has at most 3 vCPUs, and none fails for its size.
        var tests = Plan("", new HostCapacity(4, 64) { GeneratorCores = 1 }).Value!.Tests;
        Assert.NotEmpty(tests);
        Assert.All(tests, t => Assert.True(t.PlanningFailure is null && Vcpus(t, v => v <= 3), t.Configuration.InstanceType));

        // One core for endpoints: no priced SageMaker type is that small, so the job is refused at create, saying what to do.
        var refused = Plan("", new HostCapacity(2, 8) { GeneratorCores = 1 });
        var error = Assert.Single(refused.Errors, e => e.Path == "InputConfig.ContainerConfig.SupportedInstanceTypes");
        Assert.Contains("1 of this host's 2 cores", error.Message, StringComparison.Ordinal);
        Assert.Contains("rightsize:emulate-proportional", error.Message, StringComparison.Ordinal);

        // With proportional emulation, any size may run, scaled down.
        var emulated = Plan("", new HostCapacity(2, 8), tags: """{"Key": "rightsize:emulate-proportional", "Value": "true"}""").Value!;
        Assert.Contains(emulated.Tests, t => Vcpus(t, v => v >= 2));
    }

    [Fact]
    public void Candidates_run_in_parallel_as_far_as_the_cores_go_and_MaxParallelOfTests_wins()
    {
        const string Types = """, "ContainerConfig": {"SupportedInstanceTypes": ["ml.c5.large", "ml.m5.large", "ml.t2.medium"]}""";

        // Each needs its 2 vCPUs plus the generator's core: 3 cores a test.
        Assert.Equal(2, Plan(Types, new HostCapacity(8, 64)).Value!.MaxParallelTests);
        Assert.Equal(3, Plan(Types, new HostCapacity(16, 64)).Value!.MaxParallelTests);
        Assert.Equal(1, Plan(Types, new HostCapacity(4, 64)).Value!.MaxParallelTests);
        // Emulated at half size on a 2-core host, each needs 1 + 1 cores: still one at a time.
        Assert.Equal(1, Plan(Types, new HostCapacity(2, 64), tags: """{"Key": "rightsize:emulate-proportional", "Value": "true"}""").Value!.MaxParallelTests);
        Assert.Equal(1, Plan(Types + """, "ResourceLimit": {"MaxParallelOfTests": 1}""", new HostCapacity(16, 64)).Value!.MaxParallelTests);
    }

    [Fact]
    public void On_a_fleet_the_candidates_are_the_endpoint_agents_types_priced_first_cheapest_first_and_run_as_far_as_idle_agents_and_generators_go()
    {
        var own = new InstanceType { Name = "local.unpriced", VCpus = 1, MemoryGiB = 1, PricePerHour = double.NaN };
        var catalog = InstanceCatalog.BuiltIn;
        double Price(string name) => catalog.TryGet(name, out var t) ? t.PricePerHour : double.NaN;
        FleetRoom Fleet(int generators, params (string Type, bool Idle)[] agents) =>
            new() { EndpointAgents = [.. agents.Select(a => new FleetEndpointAgent(a.Type, a.Idle))], GeneratorAgents = generators };
        Result<JobPlan> OnFleet(FleetRoom? fleet, string input = "") =>
            Plan(input, new JobPlanningOptions { Host = new HostCapacity(2, 8), OnFleet = true, Fleet = fleet }, [own]);

        // Larger than this 2-core coordinator (agents are real hardware), an unpriced workspace type last, RightSize's
        // local profiles never; two agents of one type make one candidate.
        var fleet = Fleet(2, ("ml.m5.2xlarge", true), ("local.unpriced", true), ("ML.C5.LARGE", true), ("local.cpu1", true), ("ml.c5.large", false));
        var plan = OnFleet(fleet).Value!;
        var names = plan.Tests.Select(t => t.Configuration.InstanceType!).ToList();
        Assert.Equal(["ml.c5.large", "ml.m5.2xlarge", "local.unpriced"], names);
        Assert.True(Price("ml.c5.large") < Price("ml.m5.2xlarge"));
        Assert.All(plan.Tests, t => Assert.Null(t.PlanningFailure));
        // Three candidates, each with an idle agent of its type, two generator agents: two at once.
        Assert.Equal(2, plan.MaxParallelTests);
        Assert.Equal(3, OnFleet(fleet with { GeneratorAgents = 5 }).Value!.MaxParallelTests);
        // Only the busy agent of a type: that candidate waits for it, so one fewer runs at once.
        Assert.Equal(2, OnFleet(Fleet(5, ("ml.m5.2xlarge", true), ("local.unpriced", true), ("ml.c5.large", false))).Value!.MaxParallelTests);
        // No generator agent: the 2-core coordinator generates one load at a time.
        Assert.Equal(1, OnFleet(fleet with { GeneratorAgents = 0 }).Value!.MaxParallelTests);
        Assert.Equal(1, OnFleet(fleet with { GeneratorAgents = 5 }, """, "ResourceLimit": {"MaxParallelOfTests": 1}""").Value!.MaxParallelTests);
        // Named types are taken as named, and their agents set how many run at once.
        var named = OnFleet(fleet with { GeneratorAgents = 5 }, """, "ContainerConfig": {"SupportedInstanceTypes": ["ml.c5.large", "ml.m5.2xlarge", "ml.g5.xlarge"]}""").Value!;
        Assert.Equal(["ml.c5.large", "ml.m5.2xlarge", "ml.g5.xlarge"], named.Tests.Select(t => t.Configuration.InstanceType!));
        Assert.Equal(2, named.MaxParallelTests);

        // No endpoint agent (or none of a SageMaker or workspace type): refused at create, saying what to do.
        foreach (var empty in new[] { Fleet(1), Fleet(1, ("local.cpu1", true)) })
        {
            var error = Assert.Single(OnFleet(empty).Errors);
            Assert.Equal("InputConfig.ContainerConfig.SupportedInstanceTypes", error.Path);
            Assert.Contains("rightsize agent --nats URL --roles endpoint --instance-type", error.Message, StringComparison.Ordinal);
            Assert.Contains("name the types to test here", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("could not be read", Assert.Single(OnFleet(null).Errors).Message, StringComparison.Ordinal);
    }
}
