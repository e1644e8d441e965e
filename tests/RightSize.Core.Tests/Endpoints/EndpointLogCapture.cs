using RightSize.Endpoints;
using RightSize.Endpoints.Docker;
using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Core.Tests.Endpoints;

/// <summary>
/// A provider that hands out the real provider's endpoints and keeps each one's log as it was just before the job
/// removed it (a container's log goes with the container), so a test can read what the model server said at setup.
/// </summary>
internal sealed class EndpointLogCapture(IEndpointProvider inner) : IEndpointProvider
{
    private readonly List<string> _logs = [];

    /// <summary>One entry per endpoint the job disposed: its log tail as the provider describes a failure.</summary>
    public IReadOnlyList<string> Logs
    {
        get
        {
            lock (_logs)
            {
                return [.. _logs];
            }
        }
    }

    public bool CanProvision(EndpointRequest request) => inner.CanProvision(request);

    public async Task<EndpointProvisioning> ProvisionAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        var provisioning = await inner.ProvisionAsync(request, cancellationToken);
        return provisioning.Endpoint is { } endpoint ? EndpointProvisioning.Started(new Logged(endpoint, this)) : provisioning;
    }

    private sealed class Logged(IEndpoint endpoint, EndpointLogCapture capture) : IEndpoint
    {
        public Uri InvocationsUrl => endpoint.InvocationsUrl;

        public TimeSpan? ModelSetupTime => endpoint.ModelSetupTime;

        public IReadOnlyList<Caveat> Caveats => endpoint.Caveats;

        public string? FailureReason => endpoint.FailureReason;

        public string? LostAgent => endpoint.LostAgent;

        public ResourceSample SampleResources() => endpoint.SampleResources();

        public async ValueTask DisposeAsync()
        {
            var log = endpoint switch
            {
                LocalProcessEndpoint local => local.Describe("log"),
                DockerEndpoint container => await container.DescribeAsync("log", CancellationToken.None),
                _ => "",
            };
            lock (capture._logs)
            {
                capture._logs.Add(log);
            }

            await endpoint.DisposeAsync();
        }
    }
}
