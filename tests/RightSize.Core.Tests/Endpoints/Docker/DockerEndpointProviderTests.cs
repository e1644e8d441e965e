using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Endpoints.Docker;
using RightSize.Models;

namespace RightSize.Core.Tests.Endpoints.Docker;

public sealed class DockerEndpointProviderTests
{
    [Theory]
    [InlineData("rightsize/model-server:test", true)]
    [InlineData("nginx", true)]
    [InlineData("builtin:xgboost", false)]
    [InlineData("builtin:synthetic", false)]
    [InlineData("process", false)]
    public void Claims_every_image_but_the_built_in_ones(string image, bool claimed)
    {
        using var http = new HttpClient();
        var provider = DockerEndpoints.Provider(http);

        Assert.Equal(claimed, provider.CanProvision(DockerEndpoints.Request(image: image)));
        Assert.False(provider.CanProvision(DockerEndpoints.Request(image: image) with { ExistingUrl = new Uri("http://127.0.0.1:1/") }));
    }

    [Fact]
    public async Task Runs_the_image_as_SageMaker_does_and_removes_it_on_dispose()
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        using var http = new HttpClient();
        var request = DockerEndpoints.Request(vcpus: 0.5, memoryGiB: 0.5, environment: new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "3" });
        try
        {
            var provisioning = await DockerEndpoints.Provider(http).ProvisionAsync(request, CancellationToken.None);
            var endpoint = Assert.IsType<DockerEndpoint>(provisioning.Endpoint, exactMatch: false);
            await using (endpoint)
            {
                Assert.Null(provisioning.FailureReason);
                Assert.Equal(200, await DockerEndpoints.InvokeAsync(http, endpoint.InvocationsUrl));
                Assert.Equal("127.0.0.1", endpoint.InvocationsUrl.Host);
                Assert.InRange(endpoint.ModelSetupTime ?? TimeSpan.Zero, TimeSpan.FromMilliseconds(1), request.SetupDeadline);

                var container = (await docker.InspectContainerAsync(endpoint.ContainerId, CancellationToken.None)).Value!;
                Assert.Equal(500_000_000, container.HostConfig.NanoCpus);
                Assert.Equal(512L << 20, container.HostConfig.Memory);
                Assert.Equal([$"{DockerTestEnvironment.DemoModelDirectory}:/opt/ml/model:ro"], container.HostConfig.Binds);
                Assert.Contains("OMP_NUM_THREADS=3", container.Config.Env!);
                Assert.Equal("true", container.Config.Labels![DockerLabels.Managed]);
                Assert.Equal(request.EndpointName, container.Config.Labels[DockerLabels.Endpoint]);
                Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), container.Config.Labels[DockerLabels.OwnerPid]);
                Assert.All(container.NetworkSettings.Ports!.Values.SelectMany(b => b!), b => Assert.Equal("127.0.0.1", b.HostIp));
                Assert.Null(endpoint.FailureReason);
            }

            Assert.Empty(await DockerEndpoints.ContainersOfAsync(docker, request.EndpointName));
        }
        finally
        {
            await DockerEndpoints.RemoveAllOfAsync(docker, request.EndpointName);
        }
    }

    [Fact]
    public async Task A_container_that_exits_at_start_fails_with_its_log_and_is_removed()
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        using var http = new HttpClient();
        var request = DockerEndpoints.Request(environment: new Dictionary<string, string> { ["RIGHTSIZE_MODEL_SERVER_MODE"] = "bogus" });
        try
        {
            var provisioning = await DockerEndpoints.Provider(http).ProvisionAsync(request, CancellationToken.None);

            Assert.Null(provisioning.Endpoint);
            Assert.StartsWith($"endpoint {request.EndpointName} did not start", provisioning.FailureReason);
            Assert.Contains("exit code", provisioning.FailureReason);
            Assert.Contains("RIGHTSIZE_MODEL_SERVER_MODE: 'bogus' is not a mode", provisioning.FailureReason);
            Assert.Empty(await DockerEndpoints.ContainersOfAsync(docker, request.EndpointName));
        }
        finally
        {
            await DockerEndpoints.RemoveAllOfAsync(docker, request.EndpointName);
        }
    }

    [Fact]
    public async Task A_container_that_dies_mid_test_sets_a_failure_reason()
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        using var http = new HttpClient();
        var request = DockerEndpoints.Request();
        try
        {
            var provisioning = await DockerEndpoints.Provider(http).ProvisionAsync(request, CancellationToken.None);
            var endpoint = Assert.IsType<DockerEndpoint>(provisioning.Endpoint, exactMatch: false);
            await using (endpoint)
            {
                await docker.StopContainerAsync(endpoint.ContainerId, TimeSpan.Zero, CancellationToken.None);

                await Poll.UntilAsync(() => endpoint.FailureReason is not null, TimeSpan.FromSeconds(20), "the endpoint to report its exit");
                Assert.StartsWith($"endpoint {request.EndpointName} exited during the test", endpoint.FailureReason);
                Assert.Contains("exit code", endpoint.FailureReason);
                Assert.Contains("Listening on http://0.0.0.0:8080", endpoint.FailureReason);
                Assert.True(double.IsNaN(endpoint.SampleResources().CpuUtilization));
            }
        }
        finally
        {
            await DockerEndpoints.RemoveAllOfAsync(docker, request.EndpointName);
        }
    }

    [Fact]
    public async Task A_missing_image_fails_with_how_to_build_it()
    {
        using var http = new HttpClient();
        var request = DockerEndpoints.Request(image: "rightsize/not-built:1");

        var provisioning = await DockerEndpoints.Provider(http).ProvisionAsync(request, CancellationToken.None);

        Assert.Null(provisioning.Endpoint);
        Assert.Contains("image rightsize/not-built:1 not found locally; no registry is reachable: build or import it", provisioning.FailureReason);
    }

    [Fact]
    public async Task An_unreachable_daemon_fails_the_test_with_how_to_start_it()
    {
        using var http = new HttpClient();
        var provider = new DockerEndpointProvider(
            new DockerOptions { Host = "unix:///nonexistent/docker.sock" }, http, DockerEndpoints.DemoPayload, TimeProvider.System);

        var provisioning = await provider.ProvisionAsync(DockerEndpoints.Request(), CancellationToken.None);

        Assert.Contains("cannot reach the Docker daemon at /nonexistent/docker.sock", provisioning.FailureReason);
        Assert.Contains("start dockerd", provisioning.FailureReason);
    }
}
