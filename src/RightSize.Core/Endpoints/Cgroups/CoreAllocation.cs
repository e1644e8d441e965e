namespace RightSize.Endpoints.Cgroups;

/// <summary>
/// Which cores an endpoint and the load generator get. The endpoint takes the highest-numbered ceil(vCPUs) cores; when
/// cores are left beyond one more (spare cores), the generator is pinned to the others, so the two never share a core.
/// On a host without spare cores nothing is pinned for the generator: it shares with the endpoint.
/// </summary>
public sealed record CoreAllocation(IReadOnlyList<int> EndpointCores, IReadOnlyList<int>? GeneratorCores)
{
    public static CoreAllocation For(double vcpus, IReadOnlyList<int> available)
    {
        var wanted = Math.Clamp((int)Math.Ceiling(vcpus), 1, available.Count);
        var endpoint = available.Skip(available.Count - wanted).ToList();
        var spare = available.Count > wanted + 1;
        return new CoreAllocation(endpoint, spare ? [.. available.Take(available.Count - wanted)] : null);
    }

    /// <summary>The cores of this machine (the process may run on), in order.</summary>
    public static IReadOnlyList<int> HostCores() => [.. Enumerable.Range(0, Environment.ProcessorCount)];
}
