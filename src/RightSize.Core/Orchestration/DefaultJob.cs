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
    /// proportionally; on a fleet (<paramref name="host"/> null), the coordinator's own cores and memory as a stand-in.
    /// RightSize's built-in local profiles are not SageMaker types and are never candidates.
    /// </summary>
    public static List<EndpointInputConfiguration> Configurations(RecommendationJobInputConfig input, InstanceCatalog catalog, HostCapacity? host, bool emulate)
    {
        if (input.ContainerConfig?.SupportedInstanceTypes is { Count: > 0 } supported)
        {
            return [.. supported.Take(MaxCandidates).Select(t => new EndpointInputConfiguration { InstanceType = t })];
        }

        var hostGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        Func<InstanceType, bool> fits = host is null ? t => t.VCpus <= Environment.ProcessorCount && t.MemoryGiB <= hostGiB
            : emulate ? _ => true
            : t => host.Fits(new EndpointResources(t.VCpus, t.MemoryGiB));
        return [.. catalog.All
            .Where(t => IsSageMakerOrOwn(t) && t.Gpus == 0 && !double.IsNaN(t.PricePerHour) && fits(t))
            .OrderBy(t => t.PricePerHour)
            .Take(MaxCandidates)
            .Select(t => new EndpointInputConfiguration { InstanceType = t.Name })];
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
    /// A Default job's test that ended before its load saturated the endpoint (the search's last step or
    /// JobDurationInSeconds came first): its numbers are a lower bound, and it never outranks a saturated test.
    /// </summary>
    public static Caveat? UnsaturatedCaveat(JobPlan plan, StopReason reason) =>
        plan.Request.JobType != "Default" || reason is not (StopReason.TrafficPatternCompleted or StopReason.JobDurationReached) ? null
        : new Caveat(CaveatKind.NotSaturated, reason == StopReason.JobDurationReached
            ? "JobDurationInSeconds ended the test before invocations flattened: MaxInvocations is a lower bound of the capacity (raise JobDurationInSeconds)"
            : string.Create(CultureInfo.InvariantCulture, $"invocations still grew at {MaxUsers} users, the search's last step: MaxInvocations is a lower bound of the capacity"));
}
