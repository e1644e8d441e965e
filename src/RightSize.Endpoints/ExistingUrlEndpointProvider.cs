using RightSize.Load;
using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Endpoints;

/// <summary>
/// Endpoints that already run (the workspace's Endpoints): nothing is started or stopped, and resource use cannot be
/// seen. The URL may be the container's base URL or its /invocations URL.
/// </summary>
public sealed class ExistingUrlEndpointProvider : IEndpointProvider
{
    private readonly HttpClient _http;
    private readonly Payload _probe;

    public ExistingUrlEndpointProvider(HttpClient http, Payload probe)
    {
        _http = http;
        _probe = probe;
    }

    public bool CanProvision(EndpointRequest request) => request.ExistingUrl is not null;

    public async Task<EndpointProvisioning> ProvisionAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        var url = InvocationsUrlOf(request.ExistingUrl!);
        // Workspace endpoints that name an inference component are for AI benchmark jobs only (WorkspaceResolver).
        var failure = await HealthCheck.FirstInvocationAsync(_http, url, _probe, inferenceComponent: null, cancellationToken);
        return failure is null
            ? EndpointProvisioning.Started(new ExistingEndpoint(url))
            : EndpointProvisioning.Failed($"endpoint {request.EndpointName} at {url}: {failure}");
    }

    /// <summary>A URL already ending in /invocations is used as is; otherwise /invocations is appended.</summary>
    public static Uri InvocationsUrlOf(Uri url)
    {
        if (url.AbsolutePath.EndsWith("/invocations", StringComparison.Ordinal))
        {
            return url;
        }

        var baseUrl = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        return new Uri(baseUrl, "invocations");
    }

    private sealed class ExistingEndpoint(Uri invocationsUrl) : IEndpoint
    {
        public Uri InvocationsUrl { get; } = invocationsUrl;

        // Started by someone else, so its setup was not measured: absent, not 0.
        public TimeSpan? ModelSetupTime => null;

        public IReadOnlyList<Caveat> Caveats { get; } =
            [new(CaveatKind.Note, "existing endpoint: CPU and memory utilisation cannot be measured from outside")];

        public string? FailureReason => null;

        public ResourceSample SampleResources() => ResourceSample.Unmeasured;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
