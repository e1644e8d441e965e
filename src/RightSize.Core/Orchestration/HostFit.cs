using System.Globalization;
using RightSize.Endpoints;
using RightSize.Results;

namespace RightSize.Orchestration;

/// <summary>
/// Checks each planned test against the host: a type larger than the host fails with a reason, unless the job opts in
/// to proportional emulation, in which case every type of the job is scaled down by one factor and marked.
/// </summary>
internal static class HostFit
{
    public static List<TestPlan> Apply(List<TestPlan> tests, HostCapacity host, bool emulate)
    {
        var factor = emulate ? host.EmulationFactor(tests.Select(t => t.Resources).OfType<EndpointResources>()) : 1;
        return [.. tests.Select(t => t.Resources is not { } r || t.PlanningFailure is not null ? t
            : factor < 1 ? Emulated(t, r, factor)
            : host.Fits(r) ? t
            : t with { PlanningFailure = host.DescribeTooLarge(NameOf(t), r) })];
    }

    private static TestPlan Emulated(TestPlan test, EndpointResources r, double factor)
    {
        var scaled = new EndpointResources(r.VCpus * factor, r.MemoryGiB * factor);
        var caveat = new Caveat(CaveatKind.Emulated, string.Create(CultureInfo.InvariantCulture,
            $"emulated at factor {factor:0.###}: an approximation; {NameOf(test)}'s {r.VCpus:0.###} vCPUs and {r.MemoryGiB:0.###} GiB ran as {scaled.VCpus:0.###} vCPUs and {scaled.MemoryGiB:0.###} GiB"));
        return test with { Resources = scaled, Caveats = [.. test.Caveats, caveat] };
    }

    private static string NameOf(TestPlan test) =>
        test.Configuration.InstanceType
        ?? (test.Configuration.ServerlessConfig is { } s ? $"serverless {s.MemorySizeInMB} MB" : test.EndpointName);
}
