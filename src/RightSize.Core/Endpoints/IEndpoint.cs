using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Endpoints;

/// <summary>A running endpoint for one test. Disposing it stops and removes everything the provider started.</summary>
public interface IEndpoint : IAsyncDisposable
{
    /// <summary>Where invocations go: <c>.../invocations</c>.</summary>
    Uri InvocationsUrl { get; }

    /// <summary>From the start of the endpoint to its first healthy /ping and successful invocation; null where not measured.</summary>
    TimeSpan? ModelSetupTime { get; }

    /// <summary>Caveats and notes for the results, e.g. that resource limits could not be enforced.</summary>
    IReadOnlyList<Caveat> Caveats { get; }

    /// <summary>Set when the endpoint died during the test: what happened and the last lines of its log.</summary>
    string? FailureReason { get; }

    /// <summary>Resource use since the previous call; called about once a second.</summary>
    ResourceSample SampleResources();

    /// <summary>The fleet agent whose loss ended the endpoint (the test may run again on another), else null.</summary>
    string? LostAgent => null;
}

/// <summary>Starts endpoints of some kinds (existing URL, local process, Docker ...).</summary>
public interface IEndpointProvider
{
    bool CanProvision(EndpointRequest request);

    /// <summary>Starts the endpoint and waits until it is healthy. Failures (it would not start) are values.</summary>
    Task<EndpointProvisioning> ProvisionAsync(EndpointRequest request, CancellationToken cancellationToken);
}

/// <summary>Either a healthy endpoint or the reason there is none.</summary>
public sealed record EndpointProvisioning
{
    private EndpointProvisioning(IEndpoint? endpoint, string? failureReason)
    {
        Endpoint = endpoint;
        FailureReason = failureReason;
    }

    public IEndpoint? Endpoint { get; }

    public string? FailureReason { get; }

    public static EndpointProvisioning Started(IEndpoint endpoint) => new(endpoint, null);

    public static EndpointProvisioning Failed(string reason) => new(null, reason);
}
