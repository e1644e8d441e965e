using System.Globalization;

namespace RightSize.Endpoints.Cgroups;

/// <summary>
/// Which cores an endpoint and the load generator get. The generator keeps the lowest-numbered cores
/// (<see cref="GeneratorReserve"/>, at least one) and an endpoint never gets them: it takes the highest-numbered
/// ceil(vCPUs) of the others, so the two never share a core and the generator is pinned to what the endpoint does not
/// use. Only a one-core host cannot keep a core apart: there they share, and nothing is pinned.
/// </summary>
public sealed record CoreAllocation(IReadOnlyList<int> EndpointCores, IReadOnlyList<int>? GeneratorCores)
{
    /// <summary>The environment variable that sets <see cref="GeneratorReserve"/> (a whole number from 1).</summary>
    public const string GeneratorCoresVariable = "RIGHTSIZE_GENERATOR_CORES";

    /// <summary>Cores the load generator keeps for itself: RIGHTSIZE_GENERATOR_CORES, 1 when unset or invalid.</summary>
    public static int GeneratorReserve { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(GeneratorCoresVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : 1;

    public static CoreAllocation For(double vcpus, IReadOnlyList<int> available) => For(vcpus, available, GeneratorReserve);

    public static CoreAllocation For(double vcpus, IReadOnlyList<int> available, int generatorReserve)
    {
        var reserve = Math.Clamp(generatorReserve, 0, available.Count - 1);
        var wanted = Math.Clamp((int)Math.Ceiling(vcpus), 1, available.Count - reserve);
        var endpoint = available.Skip(available.Count - wanted).ToList();
        return new CoreAllocation(endpoint, reserve > 0 ? [.. available.Take(available.Count - wanted)] : null);
    }

    /// <summary>The cores of this machine (the process may run on), in order.</summary>
    public static IReadOnlyList<int> HostCores() => [.. Enumerable.Range(0, Environment.ProcessorCount)];
}
