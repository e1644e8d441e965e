using System.Globalization;
using RightSize.Autoscaling;
using RightSize.Catalog;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Results;
using RightSize.Stopping;
using RightSize.Traffic;

namespace RightSize.Orchestration;

/// <summary>
/// What a <c>JobType: Default</c> job runs when the request does not say: AWS's rule of raising load until the endpoint
/// saturates (invocations flatten) or 1% of invocations fail, on the candidate instance types. The load is find-peak's
/// adaptive capacity search (<see cref="PeakSearch.UserSteps"/>: 1, 2, 4 ... users, one window per step), so a
/// candidate's test ends two or three steps after it saturates instead of after a fixed ramp.
/// </summary>
internal static class DefaultJob
{
    /// <summary>The last step's users: past it the test ends unsaturated and says so.</summary>
    public const int MaxUsers = 256;

    /// <summary>At most this many candidates, as SageMaker's EndpointConfigurations.</summary>
    private const int MaxCandidates = 10;

    /// <summary>Users doubling each window (1 to <see cref="MaxUsers"/>); flat invocations, errors or the job's limits end it earlier.</summary>
    public static ITrafficSchedule Schedule(int windowSeconds) =>
        new PhasesSchedule([.. PeakSearch.UserSteps(MaxUsers, increment: null).Select(users => new PhaseSpec(users, 0, TimeSpan.FromSeconds(windowSeconds)))]);

    /// <summary>
    /// ContainerConfig.SupportedInstanceTypes, else the cheapest SageMaker types (and the workspace's own types) that fit
    /// where the endpoints run: on this host, the cores and memory it gives endpoints (<see cref="HostCapacity.Fits"/>,
    /// the rule the tests are planned by, so no candidate fails for its size), or any size when the job emulates
    /// proportionally; on a fleet, the types its endpoint agents have (real hardware, so any size), priced ones first.
    /// RightSize's built-in local profiles are not SageMaker types and are never candidates.
    /// </summary>
    public static List<EndpointInputConfiguration> Configurations(RecommendationJobInputConfig input, InstanceCatalog catalog, JobPlanningOptions options, bool emulate)
    {
        if (input.ContainerConfig?.SupportedInstanceTypes is { Count: > 0 } supported)
        {
            return [.. supported.Take(MaxCandidates).Select(t => new EndpointInputConfiguration { InstanceType = t })];
        }

        var host = options.Host;
        var agentTypes = (options.Fleet?.EndpointAgents ?? []).Select(a => a.InstanceType).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Func<InstanceType, bool> fits = options.OnFleet ? t => agentTypes.Contains(t.Name)
            : emulate ? t => t.Gpus == 0
            : t => t.Gpus == 0 && host.Fits(new EndpointResources(t.VCpus, t.MemoryGiB));
        // On a fleet an unpriced type runs too (its cost reads NaN), after the priced ones; here only priced types are candidates.
        return [.. catalog.All
            .Where(t => IsSageMakerOrOwn(t) && (options.OnFleet || !double.IsNaN(t.PricePerHour)) && fits(t))
            .OrderBy(t => double.IsNaN(t.PricePerHour))
            .ThenBy(t => double.IsNaN(t.PricePerHour) ? 0 : t.PricePerHour)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .Take(MaxCandidates)
            .Select(t => new EndpointInputConfiguration { InstanceType = t.Name })];
    }

    /// <summary>Why a Default job has no candidate, and what to do, for ContainerConfig.SupportedInstanceTypes.</summary>
    public static string NoCandidate(JobPlanningOptions options)
    {
        const string NameThem = "name the types to test here (InputConfig.ContainerConfig.SupportedInstanceTypes)";
        if (!options.OnFleet)
        {
            return $"no priced CPU SageMaker type fits where this host runs endpoints ({options.Host.DescribeRoom()}), so a Default job has no candidate: "
                + NameThem + " (tag the job rightsize:emulate-proportional = true to run types larger than the host scaled down, an approximation), "
                + "add your own types with prices to the workspace's InstanceTypes, or run it on a larger host or a fleet";
        }

        const string StartOne = "start an endpoint agent of each type to test (rightsize agent --nats URL --roles endpoint --instance-type ml.TYPE)";
        return options.Fleet is not { } fleet
            ? $"the fleet's agent registry could not be read, so a Default job has no candidate: retry, or {NameThem}"
            : fleet.EndpointAgents.Count == 0
            ? $"no agent with the endpoint role is registered on this fleet, so a Default job has no candidate: {StartOne}, or {NameThem}"
            : $"the fleet's endpoint agents have no SageMaker or workspace instance type ({string.Join(", ", fleet.EndpointAgents.Select(a => a.InstanceType).Distinct(StringComparer.OrdinalIgnoreCase))}), so a Default job has no candidate: {StartOne}, add their types to the workspace's InstanceTypes, or {NameThem}";
    }

    /// <summary>A SageMaker type (ml.*), or one the workspace added or changed; RightSize's own local profiles are neither.</summary>
    private static bool IsSageMakerOrOwn(InstanceType type) =>
        type.Name.StartsWith("ml.", StringComparison.Ordinal) || !InstanceCatalog.BuiltIn.TryGet(type.Name, out var builtIn) || builtIn != type;

    /// <summary>
    /// How many candidates run at once when ResourceLimit.MaxParallelOfTests does not say: as many as this host has cores
    /// for, each needing its (possibly emulated) vCPUs rounded up plus the load generator's cores; at least 1.
    /// </summary>
    public static int Parallelism(IReadOnlyList<TestPlan> tests, HostCapacity host)
    {
        var runnable = tests.Where(t => t.PlanningFailure is null).ToList();
        if (runnable.Count <= 1)
        {
            return 1;
        }

        var need = runnable.Max(t => (int)Math.Ceiling(t.Resources?.VCpus ?? 0) + host.GeneratorCores);
        return Math.Clamp(host.Cores / Math.Max(1, need), 1, runnable.Count);
    }

    /// <summary>
    /// On a fleet: as many candidates at once as have an idle endpoint agent of their type each, and no more than the
    /// generator agents (each test's load is split over them; with none, the coordinator generates each load on its
    /// <see cref="HostCapacity.GeneratorCores"/>, keeping as many for itself); at least 1.
    /// </summary>
    public static int FleetParallelism(IReadOnlyList<TestPlan> tests, FleetRoom? fleet, HostCapacity coordinator)
    {
        var runnable = tests.Where(t => t.PlanningFailure is null && t.Configuration.InstanceType is not null).ToList();
        if (runnable.Count <= 1 || fleet is null)
        {
            return 1;
        }

        var idle = fleet.EndpointAgents.Where(a => a.Idle).GroupBy(a => a.InstanceType, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var endpoints = runnable.GroupBy(t => t.Configuration.InstanceType!, StringComparer.OrdinalIgnoreCase)
            .Sum(g => Math.Min(g.Count(), idle.GetValueOrDefault(g.Key)));
        var generators = fleet.GeneratorAgents > 0 ? fleet.GeneratorAgents : coordinator.EndpointCores / Math.Max(1, coordinator.GeneratorCores);
        return Math.Clamp(Math.Min(endpoints, generators), 1, runnable.Count);
    }

    /// <summary>
    /// A Default job's test that ended before its load saturated the endpoint (the search's last step or
    /// JobDurationInSeconds came first): its numbers are a lower bound, and it never outranks a saturated test.
    /// </summary>
    public static Caveat? UnsaturatedCaveat(JobPlan plan, StopReason reason) =>
        plan.Request.JobType != "Default" || reason is not (StopReason.TrafficPatternCompleted or StopReason.JobDurationReached) ? null
        : new Caveat(CaveatKind.NotSaturated, reason == StopReason.JobDurationReached
            ? "JobDurationInSeconds ended the test before invocations flattened: MaxInvocations is a lower bound of the capacity (raise JobDurationInSeconds)"
            : string.Create(CultureInfo.InvariantCulture, $"invocations still grew at {MaxUsers} users, the search's last step: MaxInvocations is a lower bound of the capacity"));
}
