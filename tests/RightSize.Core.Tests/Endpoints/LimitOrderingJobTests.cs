using System.Globalization;
using RightSize.Catalog;
using RightSize.Core.Tests.Endpoints.Docker;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;
using RightSize.Endpoints.Docker;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Tests.Workspaces;
using RightSize.Workspaces;
using Xunit.Abstractions;

namespace RightSize.Core.Tests.Endpoints;

/// <summary>
/// Issue #4's "done when": the demo model on two local instance types and one Docker configuration, each test with its
/// type's CPU limit, completes with CPU and memory measured and throughput ordered as the limits say. A job has one
/// model, so the local types and the Docker configuration are two jobs on the same demo model.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class LimitOrderingJobTests(ITestOutputHelper output)
{
    // About 12 ms of model CPU per request against little HTTP work: the endpoint's limit binds, not the load generator
    // that shares this 2-core host.
    private const int RowsPerRequest = 2000;

    // Half the CPU gives about half the throughput (0.5); unenforced limits would give about 1. 0.8 holds under the
    // noise of other builds on the host and still fails without limits.
    private const double ClearlyLess = 0.8;

    [Fact]
    public async Task The_demo_model_on_two_local_types_and_one_docker_configuration_has_throughput_ordered_by_cpu_limits()
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        using var dir = new TempDir();
        var workspace = Workspace(dir);
        using var engine = new JobEngine(TimeProvider.System, new LocalProcessOptions { StateDirectory = dir.Combine("state") });

        // Every run holds each endpoint within its limit and cleans up. Whether an endpoint got its limit's worth of CPU
        // is the host's call: other load on a busy host can only take CPU from an endpoint (and throughput with it), so
        // one of up to three runs must show each busy near its limit and the throughputs ordered as the limits say.
        var runs = new List<string>();
        var ordered = false;
        while (runs.Count < 3 && !ordered)
        {
            (ordered, var description) = await RunOnceAsync(docker, engine, workspace);
            runs.Add(description);
        }

        Assert.True(ordered, string.Join("\n", runs));
    }

    /// <summary>One run of both jobs: whether each endpoint was busy near its limit and the throughputs ordered, and what it measured.</summary>
    private async Task<(bool Ordered, string Description)> RunOnceAsync(DockerEngineClient docker, JobEngine engine, Workspace workspace)
    {
        var cgroupParents = CgroupFixture.Hierarchy.Parents;
        var id = Guid.NewGuid().ToString("N")[..8];
        var localPlan = Plan(workspace, $"limits-local-{id}", "demo", "local.half", "local.cpu1");
        var dockerPlan = Plan(workspace, $"limits-docker-{id}", "demo-docker", "local.quarter");
        string[] endpoints = [.. localPlan.Tests.Concat(dockerPlan.Tests).Select(t => t.EndpointName)];
        try
        {
            var local = await RunAsync(engine, localPlan);
            var container = await RunAsync(engine, dockerPlan);

            var (half, one, quarter) = (local.Tests[0], local.Tests[1], container.Tests[0]);
            var halfToOne = Rate(half) / Rate(one);
            var quarterToHalf = Rate(quarter) / Rate(half);
            var description = Describe(quarter, "Docker 0.25 vCPU") + "\n" + Describe(half, "local 0.5 vCPU") + "\n" + Describe(one, "local 1 vCPU")
                + FormattableString.Invariant($"\nratios: 0.5/1 vCPU {halfToOne:0.00}, 0.25/0.5 vCPU {quarterToHalf:0.00}");
            output.WriteLine(description);
            Assert.All([half, one, quarter], test => Assert.True(test.Status == RecommendationStatus.Completed, test.FailureReason));
            Assert.All([half, one], test => Assert.Contains(test.Caveats, w => w.Detail.StartsWith("limits enforced by cgroup", StringComparison.Ordinal)));
            var busy = true;
            foreach (var (test, vcpus) in (ReadOnlySpan<(TestRecord, double)>)[(quarter, 0.25), (half, 0.5), (one, 1)])
            {
                // Never above its limit (docker's daemon-stamped readings run a few percent over); memory measured within
                // its limit; busy at half its limit or more when the host let it, so the limit is what its throughput shows.
                Assert.True(test.Metrics!.CpuUtilization <= vcpus * 100 * 1.3, $"{test.Plan.EndpointName} used {test.Metrics.CpuUtilization:0}% CPU");
                Assert.InRange(test.Metrics.MemoryUtilization, 0.1, 100);
                busy &= test.Metrics.CpuUtilization >= vcpus * 100 * 0.5;
            }

            foreach (var endpoint in endpoints)
            {
                Assert.Empty(await DockerEndpoints.ContainersOfAsync(docker, endpoint));
                Assert.Empty(CgroupsOf(cgroupParents, endpoint));
            }

            Assert.Empty(Directory.GetFiles(engine.StateDirectory, "*.pid"));
            return (busy && halfToOne < ClearlyLess && quarterToHalf < ClearlyLess, description);
        }
        finally
        {
            foreach (var endpoint in endpoints)
            {
                await DockerEndpoints.RemoveAllOfAsync(docker, endpoint);
                EndpointCgroup.KillAndRemove(CgroupsOf(cgroupParents, endpoint), TimeSpan.FromSeconds(10));
            }
        }
    }

    private static async Task<JobRecord> RunAsync(JobEngine engine, JobPlan plan)
    {
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);
        await engine.RunnerFor(plan).RunAsync(job, NullJobObserver.Instance, CancellationToken.None);
        return job;
    }

    private static double Rate(TestRecord test) => test.Metrics!.PerInstanceMaxInvocations / 60.0;

    private static string Describe(TestRecord test, string what) => test.Metrics is { } m
        ? string.Create(CultureInfo.InvariantCulture,
            $"{what}: {Rate(test):0.0} req/s at {m.CpuUtilization:0}% CPU, {m.MemoryUtilization:0.0}% memory; {string.Join("; ", test.Caveats)}\n"
            + $"  windows (req/s at CPU%): {string.Join(", ", test.Windows.Select(w => $"{w.InvocationsPerMinute / 60:0.0} at {w.CpuUtilization:0}"))}")
        : $"{what}: {test.Status} {test.FailureReason}";

    /// <summary>The endpoint's cgroup folders (named ENDPOINT.ID.OWNER...) in every hierarchy.</summary>
    private static string[] CgroupsOf(IReadOnlyList<string> parents, string endpoint) =>
        [.. parents.SelectMany(p => Directory.EnumerateDirectories(p, endpoint + ".*"))];

    /// <summary>The demo model twice (run locally and as a Docker image) and the two smaller local types.</summary>
    private static Workspace Workspace(TempDir dir)
    {
        var rows = File.ReadAllLines(Path.Combine(DockerTestEnvironment.DemoModelDirectory, "payloads", "batch-10.csv"));
        dir.Write("payloads/rows.csv", string.Join('\n', Enumerable.Repeat(rows, RowsPerRequest / rows.Length).SelectMany(r => r)) + "\n");
        var model = DockerTestEnvironment.DemoModelDirectory;
        // Tiered compilation takes the server 7 s at 1 vCPU (14 s at 0.5) to reach its steady rate, most of a short
        // test; compiled fully at first call, it serves at that rate from the first request, as a 60 s window would see.
        const string environment = """{ "DOTNET_TieredCompilation": "0" }""";
        var parsed = WorkspaceFile.Parse($$"""
            {
              "Models": [
                { "ModelName": "demo", "PrimaryContainer": { "Image": "builtin:xgboost", "ModelDataUrl": "{{model}}", "Environment": {{environment}} } },
                { "ModelName": "demo-docker", "PrimaryContainer": { "Image": "{{DockerTestEnvironment.Image}}", "ModelDataUrl": "{{model}}", "Environment": {{environment}} } }
              ],
              "InstanceTypes": [
                { "InstanceType": "local.half", "VCpus": 0.5, "MemoryGiB": 1, "PricePerHour": 0.05 },
                { "InstanceType": "local.quarter", "VCpus": 0.25, "MemoryGiB": 1, "PricePerHour": 0.025 }
              ]
            }
            """, dir.Path);
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors));
        return parsed.Value!;
    }

    /// <summary>Eight users for 8 s per test, 2 s windows, every request the 2000-row payload.</summary>
    private static JobPlan Plan(Workspace workspace, string jobName, string model, params string[] instanceTypes)
    {
        var request = JobDocument.Parse($$"""
            {
              "JobName": "{{jobName}}",
              "JobType": "Advanced",
              "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
              "InputConfig": {
                "ModelName": "{{model}}",
                "ContainerConfig": { "PayloadConfig": { "SamplePayloadUrl": "payloads", "SupportedContentTypes": [ "text/csv" ] } },
                "TrafficPattern": { "TrafficType": "PHASES", "Phases": [ { "InitialNumberOfUsers": 8, "SpawnRate": 0, "DurationInSeconds": 8 } ] },
                "EndpointConfigurations": [ {{string.Join(", ", instanceTypes.Select(t => $"{{ \"InstanceType\": \"{t}\" }}"))}} ]
              },
              "StoppingConditions": { "FlatInvocations": "Continue" },
              "Tags": [ { "Key": "rightsize:window-seconds", "Value": "2" }, { "Key": "rightsize:setup-deadline-seconds", "Value": "60" } ]
            }
            """);
        Assert.True(request.Succeeded, string.Join("; ", request.Errors));
        var catalog = InstanceCatalog.BuiltIn.WithOverrides(workspace.InstanceTypes);
        var plan = JobPlanner.Plan(request.Value!, new WorkspaceResolver(workspace), catalog, new JobPlanningOptions());
        Assert.True(plan.Succeeded, string.Join("; ", plan.Errors));
        return plan.Value!;
    }
}
