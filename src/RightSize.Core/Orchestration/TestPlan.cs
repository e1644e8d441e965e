using RightSize.Catalog;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Results;

namespace RightSize.Orchestration;

/// <summary>One test: an endpoint configuration with one combination of environment parameter values.</summary>
public sealed record TestPlan
{
    public required int Index { get; init; }

    public required EndpointInputConfiguration Configuration { get; init; }

    public required string EndpointName { get; init; }

    public string VariantName { get; init; } = "AllTraffic";

    public IReadOnlyList<EnvironmentParameter> EnvironmentParameters { get; init; } = [];

    public EndpointResources? Resources { get; init; }

    /// <summary>The catalog price of one instance per hour.</summary>
    public double PricePerHour { get; init; }

    /// <summary>Caveats the results carry from planning, e.g. that the type was emulated at a smaller size.</summary>
    public IReadOnlyList<Caveat> Caveats { get; init; } = [];

    /// <summary>The accelerators the instance type comes with; null for a CPU type.</summary>
    public AcceleratorNeed? Accelerator { get; init; }

    /// <summary>NVIDIA GPUs the endpoint gets from this host (Docker device requests); 0 when it runs on CPU.</summary>
    public int Gpus { get; init; }

    /// <summary>Why this test cannot run, found while planning (e.g. the host is too small); it then fails with it.</summary>
    public string? PlanningFailure { get; init; }
}
