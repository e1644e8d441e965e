using RightSize.Catalog;
using RightSize.Jobs;
using RightSize.Traffic;

namespace RightSize.Orchestration;

/// <summary>
/// What a <c>JobType: Default</c> job runs when the request does not say: AWS's rule of raising load until the endpoint
/// saturates (invocations flatten) or 1% of invocations fail, on the candidate instance types.
/// </summary>
internal static class DefaultJob
{
    /// <summary>Two more users every minute for 20 minutes (2 to 40 users); flat invocations or errors end it earlier.</summary>
    public static ITrafficSchedule Schedule { get; } = new StairsSchedule(TimeSpan.FromMinutes(20), numberOfSteps: 20, usersPerStep: 2);

    /// <summary>At most this many candidates, as SageMaker's EndpointConfigurations.</summary>
    private const int MaxCandidates = 10;

    /// <summary>ContainerConfig.SupportedInstanceTypes, else the catalog types this host can give their resources to.</summary>
    public static List<EndpointInputConfiguration> Configurations(RecommendationJobInputConfig input, InstanceCatalog catalog)
    {
        if (input.ContainerConfig?.SupportedInstanceTypes is { Count: > 0 } supported)
        {
            return [.. supported.Take(MaxCandidates).Select(t => new EndpointInputConfiguration { InstanceType = t })];
        }

        var hostGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return [.. catalog.All
            .Where(t => t.Gpus == 0 && !double.IsNaN(t.PricePerHour) && t.VCpus <= Environment.ProcessorCount && t.MemoryGiB <= hostGiB)
            .OrderBy(t => t.PricePerHour)
            .Take(MaxCandidates)
            .Select(t => new EndpointInputConfiguration { InstanceType = t.Name })];
    }
}
