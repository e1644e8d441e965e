using RightSize.Endpoints;
using RightSize.Endpoints.Docker;
using RightSize.Load;
using RightSize.Models;
using RightSize.Windows;

namespace RightSize.Core.Tests.Endpoints.Docker;

/// <summary>Requests for the reference image and the containers they start, found by their endpoint label.</summary>
internal static class DockerEndpoints
{
    public static Payload DemoPayload => new(DockerTestEnvironment.DemoPayload, "text/csv");

    /// <param name="probe">The health probe's payload; the demo XGBoost row by default.</param>
    public static DockerEndpointProvider Provider(HttpClient http, Payload? probe = null) =>
        new(new DockerOptions { StopTimeout = TimeSpan.FromSeconds(1) }, http, probe ?? DemoPayload, TimeProvider.System);

    /// <summary>The demo XGBoost model on the reference image, under a unique endpoint name.</summary>
    public static EndpointRequest Request(
        double vcpus = 1, double memoryGiB = 1, IReadOnlyDictionary<string, string>? environment = null, string image = DockerTestEnvironment.Image) => new()
        {
            EndpointName = $"docker-test-{Guid.NewGuid():N}",
            Model = new CreateModelRequest { ModelName = "demo", PrimaryContainer = new ContainerDefinition { Image = image } },
            ModelDirectory = DockerTestEnvironment.DemoModelDirectory,
            InstanceType = "local.test",
            Resources = new EndpointResources(vcpus, memoryGiB),
            Environment = environment ?? new Dictionary<string, string>(),
            SetupDeadline = TimeSpan.FromSeconds(60),
        };

    /// <summary>The containers, running or not, of the endpoint <paramref name="endpointName"/>.</summary>
    public static async Task<IReadOnlyList<ContainerSummary>> ContainersOfAsync(DockerEngineClient docker, string endpointName) =>
        (await docker.ListContainersAsync($"{DockerLabels.Endpoint}={endpointName}", CancellationToken.None)).Value!;

    /// <summary>Removes what a failed test left, so no container outlives a test.</summary>
    public static async Task RemoveAllOfAsync(DockerEngineClient docker, string endpointName)
    {
        foreach (var container in await ContainersOfAsync(docker, endpointName))
        {
            await docker.RemoveContainerAsync(container.Id, CancellationToken.None);
        }
    }

    public static async Task<int> InvokeAsync(HttpClient http, Uri invocationsUrl, byte[]? payload = null)
    {
        using var content = new ByteArrayContent(payload ?? DockerTestEnvironment.DemoPayload);
        content.Headers.ContentType = new("text/csv");
        using var response = await http.PostAsync(invocationsUrl, content);
        return (int)response.StatusCode;
    }

    /// <summary>Closed-loop load from <paramref name="users"/> loops for <paramref name="duration"/>; the invocations that answered 200.</summary>
    public static Task<int> LoadAsync(HttpClient http, Uri invocationsUrl, int users, TimeSpan duration, byte[]? payload = null)
    {
        var end = DateTime.UtcNow + duration;
        return LoadWhileAsync(http, invocationsUrl, users, () => DateTime.UtcNow < end, payload);
    }

    /// <summary>
    /// Closed-loop load from <paramref name="users"/> loops, sampling the endpoint's resources once a second until
    /// <paramref name="enough"/> holds for the samples (a busy host may delay docker's stats stream) or 60 s have passed.
    /// </summary>
    public static async Task<(int Invocations, TimeSpan Elapsed, List<ResourceSample> Samples)> LoadAndSampleAsync(
        HttpClient http, IEndpoint endpoint, int users, byte[] payload, Func<IReadOnlyList<ResourceSample>, bool> enough)
    {
        var samples = new List<ResourceSample>();
        using var stop = new CancellationTokenSource();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var load = LoadWhileAsync(http, endpoint.InvocationsUrl, users, () => !stop.IsCancellationRequested, payload);
        try
        {
            while (!enough(samples) && started.Elapsed < TimeSpan.FromSeconds(60) && !load.IsCompleted)
            {
                await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(1)));
                samples.Add(endpoint.SampleResources());
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        return (await load, started.Elapsed, samples);
    }

    private static async Task<int> LoadWhileAsync(HttpClient http, Uri invocationsUrl, int users, Func<bool> running, byte[]? payload)
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, users).Select(async _ =>
        {
            var ok = 0;
            while (running())
            {
                ok += await InvokeAsync(http, invocationsUrl, payload) == 200 ? 1 : 0;
            }

            return ok;
        }));
        return counts.Sum();
    }
}
