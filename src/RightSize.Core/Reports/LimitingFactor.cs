using System.Globalization;
using RightSize.Endpoints;
using RightSize.Results;
using RightSize.Stopping;

namespace RightSize.Reports;

/// <summary>
/// What capped a completed test's peak window, in a few words, so a ranking says why: the endpoint's CPU (at 85% of its
/// vCPUs or more: it got what its type allows, whatever else ran), else the load generator or the host (their caveats),
/// the latency threshold, or something else.
/// </summary>
public static class LimitingFactor
{
    private const double AtLimit = 0.85;

    public static string Describe(TestMetrics? metrics, EndpointResources? resources, StopReason? stop, IEnumerable<Caveat> caveats)
    {
        ArgumentNullException.ThrowIfNull(caveats);
        var kinds = caveats.Select(c => c.Kind).ToHashSet();
        var cpu = metrics?.CpuUtilization ?? double.NaN;
        var limit = resources is { VCpus: > 0 } r ? r.VCpus * 100 : double.NaN;
        var share = double.IsFinite(cpu) && double.IsFinite(limit) ? string.Create(CultureInfo.InvariantCulture, $"{cpu:0}% of {limit:0}%") : null;
        return true switch
        {
            _ when share is not null && cpu >= limit * AtLimit => $"endpoint CPU ({share})",
            _ when kinds.Contains(CaveatKind.GeneratorBound) => "load generator",
            _ when kinds.Contains(CaveatKind.HostBound) => "host (other load)",
            _ when stop == StopReason.LatencyThresholdExceeded => share is null ? "latency threshold" : $"latency threshold (CPU {share})",
            _ when share is not null => $"not CPU ({share})",
            _ => "not measured",
        };
    }
}
