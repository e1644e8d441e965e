namespace RightSize.Endpoints.Serverless;

/// <summary>
/// Serverless endpoints (ServerlessConfig): the model runs as an instance endpoint with MemorySizeInMB of memory and
/// CPU in proportion (the planner's <see cref="ServerlessRules"/>), behind a gate that throttles beyond MaxConcurrency
/// with 429, scales to zero when idle and cold-starts the model again on the next request.
/// </summary>
public sealed class ServerlessEndpointProvider : IEndpointProvider
{
    private readonly IEndpointProvider _instances;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <param name="instances">Starts the model itself (the local process provider).</param>
    public ServerlessEndpointProvider(IEndpointProvider instances, HttpClient http, TimeProvider time)
    {
        _instances = instances;
        _http = http;
        _time = time;
    }

    public bool CanProvision(EndpointRequest request) =>
        request.ServerlessConfig is not null && _instances.CanProvision(AsInstance(request));

    public async Task<EndpointProvisioning> ProvisionAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        var config = request.ServerlessConfig!;
        var endpoint = new ServerlessEndpoint(
            ct => _instances.ProvisionAsync(AsInstance(request), ct), _http, config.MaxConcurrency ?? 1, request.ServerlessIdle, _time);
        try
        {
            // The first cold start is the endpoint's ModelSetupTime, as SageMaker reports it for serverless.
            var failure = await endpoint.StartAsync(cancellationToken);
            if (failure is null)
            {
                return EndpointProvisioning.Started(endpoint);
            }

            await endpoint.DisposeAsync();
            return EndpointProvisioning.Failed(failure);
        }
        catch
        {
            await endpoint.DisposeAsync();
            throw;
        }
    }

    private static EndpointRequest AsInstance(EndpointRequest request) => request with { ServerlessConfig = null };
}
