using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints.Docker;
using RightSize.Windows;
using Xunit.Abstractions;

namespace RightSize.Core.Tests.Endpoints.Docker;

[Collection(TimingSensitive.Name)]
public sealed class DockerLimitTests(ITestOutputHelper output)
{
    // Enough users, and ten rows per request, that the endpoint's CPU limit binds rather than the load generator, which
    // shares this host's cores.
    private const int Users = 16;

    [Fact]
    public async Task Stats_show_cpu_under_load_up_to_the_limit_and_memory_within_the_limit()
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        using var http = new HttpClient();
        var request = DockerEndpoints.Request(vcpus: 0.5, memoryGiB: 1);
        try
        {
            await using var endpoint = (DockerEndpoint)(await DockerEndpoints.Provider(http).ProvisionAsync(request, CancellationToken.None)).Endpoint!;
            var samples = new List<ResourceSample>();
            var load = DockerEndpoints.LoadAsync(http, endpoint.InvocationsUrl, Users, TimeSpan.FromSeconds(4), DockerTestEnvironment.DemoBatchPayload);
            while (!load.IsCompleted)
            {
                await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(1)));
                samples.Add(endpoint.SampleResources());
            }

            Assert.True(await load > 0);
            var busiest = samples.Where(s => !double.IsNaN(s.CpuUtilization)).Max(s => s.CpuUtilization);
            output.WriteLine($"CPU per second: {string.Join(", ", samples.Select(s => s.CpuUtilization.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}");
            Assert.InRange(busiest, 20, 65);
            Assert.All(samples, s => Assert.InRange(s.MemoryUtilization, 0.1, 100));
        }
        finally
        {
            await DockerEndpoints.RemoveAllOfAsync(docker, request.EndpointName);
        }
    }

    [Fact]
    public async Task Half_the_cpus_give_about_half_the_throughput()
    {
        using var http = new HttpClient();

        var quarter = await ThroughputAsync(http, 0.25);
        var half = await ThroughputAsync(http, 0.5);
        output.WriteLine($"0.25 vCPU: {quarter:0} invocations/s, 0.5 vCPU: {half:0} invocations/s, ratio {quarter / half:0.00}");

        Assert.InRange(quarter / half, 0.35, 0.7);
    }

    private static async Task<double> ThroughputAsync(HttpClient http, double vcpus)
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        var request = DockerEndpoints.Request(vcpus: vcpus);
        try
        {
            await using var endpoint = (await DockerEndpoints.Provider(http).ProvisionAsync(request, CancellationToken.None)).Endpoint!;
            // Warm up until the JIT's tiered recompilation is done, so it is not counted against the limit; a smaller
            // CPU share needs proportionally longer (1 s per whole vCPU of work).
            await DockerEndpoints.LoadAsync(http, endpoint.InvocationsUrl, Users, TimeSpan.FromSeconds(1 / vcpus), DockerTestEnvironment.DemoBatchPayload);
            return await DockerEndpoints.LoadAsync(http, endpoint.InvocationsUrl, Users, TimeSpan.FromSeconds(4), DockerTestEnvironment.DemoBatchPayload) / 4.0;
        }
        finally
        {
            await DockerEndpoints.RemoveAllOfAsync(docker, request.EndpointName);
        }
    }
}
