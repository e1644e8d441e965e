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
            // A sample taken before the stats stream's next second arrives is reported as not measured (NaN), never as
            // the previous second again. The load runs until three seconds were measured and one shows the container
            // busy (a busy host delays docker's stream and takes CPU from the container; within 60 s); every measured
            // second must be within the limits.
            var (invocations, _, samples) = await DockerEndpoints.LoadAndSampleAsync(
                http, endpoint, Users, DockerTestEnvironment.DemoBatchPayload, s => Measured(s).Count >= 3 && Measured(s).Max(m => m.CpuUtilization) >= 20);

            Assert.True(invocations > 0);
            output.WriteLine($"CPU per second: {string.Join(", ", samples.Select(s => s.CpuUtilization.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}");
            var measured = Measured(samples);
            Assert.True(measured.Count >= 3, $"only {measured.Count} of {samples.Count} samples were measured");
            Assert.InRange(measured.Max(s => s.CpuUtilization), 20, 65);
            Assert.All(measured, s => Assert.InRange(s.MemoryUtilization, 0.1, 100));
        }
        finally
        {
            await DockerEndpoints.RemoveAllOfAsync(docker, request.EndpointName);
        }
    }

    [Fact]
    public async Task Each_container_stays_within_its_cpu_quota_under_load()
    {
        using var http = new HttpClient();

        var quarter = await ThroughputAsync(http, 0.25);
        var half = await ThroughputAsync(http, 0.5);
        output.WriteLine(FormattableString.Invariant(
            $"0.25 vCPU: {quarter.Rate:0}/s at {quarter.Cpu:0}% CPU; 0.5 vCPU: {half.Rate:0}/s at {half.Cpu:0}% CPU"));

        // The demo model is too cheap per request for throughput to follow the quota on a 2-core host shared with the
        // load generator (measured ratios ranged from 0.3 to 2), so this test holds the containers to their quotas;
        // the throughput-halves-with-CPU claim is tested on a CPU-bound local endpoint (Cli.Tests CpuLimitTests).
        Assert.InRange(quarter.Rate, 1, double.MaxValue);
        Assert.InRange(half.Rate, 1, double.MaxValue);
        Assert.InRange(quarter.Cpu, 1, 25 * 1.3);
        Assert.InRange(half.Cpu, 1, 50 * 1.3);
    }

    private static List<ResourceSample> Measured(IReadOnlyList<ResourceSample> samples) => [.. samples.Where(s => !double.IsNaN(s.CpuUtilization))];

    /// <summary>Invocations per second and the container's busiest CPU percent, loaded until three seconds were measured.</summary>
    private static async Task<(double Rate, double Cpu)> ThroughputAsync(HttpClient http, double vcpus)
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        var request = DockerEndpoints.Request(vcpus: vcpus);
        try
        {
            await using var endpoint = (await DockerEndpoints.Provider(http).ProvisionAsync(request, CancellationToken.None)).Endpoint!;
            // Warm up until the JIT's tiered recompilation is done, so it is not counted against the limit; a smaller
            // CPU share needs proportionally longer (1 s per whole vCPU of work).
            await DockerEndpoints.LoadAsync(http, endpoint.InvocationsUrl, Users, TimeSpan.FromSeconds(1 / vcpus), DockerTestEnvironment.DemoBatchPayload);
            endpoint.SampleResources();
            var (invocations, elapsed, samples) = await DockerEndpoints.LoadAndSampleAsync(
                http, endpoint, Users, DockerTestEnvironment.DemoBatchPayload, s => Measured(s).Count >= 3);
            return (invocations / elapsed.TotalSeconds, Measured(samples).Select(s => s.CpuUtilization).DefaultIfEmpty(0).Max());
        }
        finally
        {
            await DockerEndpoints.RemoveAllOfAsync(docker, request.EndpointName);
        }
    }
}
