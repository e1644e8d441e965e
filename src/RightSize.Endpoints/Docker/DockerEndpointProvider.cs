using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RightSize.Load;

namespace RightSize.Endpoints.Docker;

/// <summary>
/// Runs any image that is not <c>builtin:*</c> or <c>process</c> as a Docker container through the Engine API, as
/// SageMaker runs a model container (see <see cref="DockerContainerSpec"/>), and waits until it is healthy.
/// </summary>
public sealed class DockerEndpointProvider : IEndpointProvider
{
    private readonly DockerOptions _options;
    private readonly HttpClient _http;
    private readonly Payload _probe;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DockerEndpointProvider(DockerOptions options, HttpClient http, Payload probe, TimeProvider time, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _options = options;
        _http = http;
        _probe = probe;
        _time = time;
    }

    public bool CanProvision(EndpointRequest request) =>
        request.ExistingUrl is null
        && request.Model?.PrimaryContainer?.Image is { Length: > 0 } image
        && !image.StartsWith("builtin:", StringComparison.Ordinal)
        && image != LocalProcessEndpointProvider.ProcessImage;

    public async Task<EndpointProvisioning> ProvisionAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        var created = await CreateAsync(request, cancellationToken);
        if (created.Value is not { } endpoint)
        {
            return EndpointProvisioning.Failed($"endpoint {request.EndpointName}: {created.Error}");
        }

        try
        {
            var started = _time.GetTimestamp();
            var baseUrl = await endpoint.StartAsync(cancellationToken);
            var failure = baseUrl.Value is not { } url
                ? baseUrl.Error
                : await HealthCheck.WaitUntilHealthyAsync(
                    _http, url, request.SetupDeadline - _time.GetElapsedTime(started), () => endpoint.HasExited, _time, cancellationToken)
                  ?? await HealthCheck.FirstInvocationAsync(_http, new Uri(url, "invocations"), _probe, inferenceComponent: null, cancellationToken);
            if (failure is not null)
            {
                var reason = await endpoint.DescribeAsync($"endpoint {request.EndpointName} did not start: {failure}", cancellationToken);
                await endpoint.DisposeAsync();
                return EndpointProvisioning.Failed(reason);
            }

            endpoint.MarkReady(new Uri(baseUrl.Value!, "invocations"), _time.GetElapsedTime(started));
            return EndpointProvisioning.Started(endpoint);
        }
        catch
        {
            await endpoint.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connects, checks the image is here, and creates the container (not started yet).</summary>
    private async Task<DockerResult<DockerEndpoint>> CreateAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        var connected = await DockerEngineClient.ConnectAsync(_options, cancellationToken);
        if (connected.Value is not { } docker)
        {
            return DockerResult<DockerEndpoint>.Fail(connected.Error!);
        }

        try
        {
            var image = request.Model!.PrimaryContainer!.Image!;
            var error = (await docker.InspectImageAsync(image, cancellationToken)).Error;
            var created = error is null
                ? await docker.CreateContainerAsync(DockerContainerSpec.NameFor(request.EndpointName), DockerContainerSpec.For(request, image), cancellationToken)
                : default;
            if ((error ?? created.Error) is { } failure)
            {
                docker.Dispose();
                return DockerResult<DockerEndpoint>.Fail(failure);
            }

            EndpointsLog.ContainerCreated(_logger, request.EndpointName, created.Value!.Id, image);
            return DockerResult<DockerEndpoint>.Ok(new DockerEndpoint(docker, created.Value!, request.EndpointName, _options, _time));
        }
        catch
        {
            docker.Dispose();
            throw;
        }
    }
}
