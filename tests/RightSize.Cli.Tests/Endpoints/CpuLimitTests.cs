using System.Diagnostics;
using RightSize.Cli.Tests.Infrastructure;
using RightSize.Endpoints;
using Xunit.Abstractions;

namespace RightSize.Cli.Tests.Endpoints;

[Collection(TimingSensitive.Name)]
public sealed class CpuLimitTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(3);

    [SkippableFact]
    public async Task Half_a_vcpu_gives_about_half_the_throughput_of_one_on_a_cpu_bound_model()
    {
        using var endpoints = new LocalEndpoints();
        var half = await StartAsync(endpoints, LocalEndpoints.Command("cpu-half", LocalEndpoints.CpuBurner, vcpus: 0.5));
        await using var halfEndpoint = half;
        var one = await StartAsync(endpoints, LocalEndpoints.Command("cpu-one", LocalEndpoints.CpuBurner, vcpus: 1));
        await using var oneEndpoint = one;

        // Alternate short bursts and keep each one's best, so other work on a shared host skews neither side.
        (double Rate, double Cpu) bestHalf = default, bestOne = default;
        for (var round = 0; round < 3; round++)
        {
            bestHalf = Best(bestHalf, await BurstAsync(endpoints.Http, half));
            bestOne = Best(bestOne, await BurstAsync(endpoints.Http, one));
        }

        var ratio = bestHalf.Rate / bestOne.Rate;
        output.WriteLine($"0.5 vCPU: {bestHalf.Rate:0} req/s at {bestHalf.Cpu:0}% CPU; 1 vCPU: {bestOne.Rate:0} req/s at {bestOne.Cpu:0}% CPU; ratio {ratio:0.00}");
        // The limit holds whatever the host does: half a vCPU never serves more than half a core's worth of 20 ms requests.
        // CPU is raw (never capped at the vCPUs), so these upper bounds fail when a limit is not enforced.
        Assert.InRange(bestHalf.Cpu, 10, 55);
        Assert.InRange(bestHalf.Rate, 1, 0.5 / 0.020 * 1.15);
        Assert.InRange(bestOne.Cpu, 10, 110);
        // The ratio needs the one-vCPU endpoint to get its core; on a saturated shared host it cannot: a visible skip.
        Skip.If(bestOne.Cpu < 85, $"ratio not measurable: the 1 vCPU endpoint got only {bestOne.Cpu:0}% of its core (host busy)");
        Assert.InRange(ratio, 0.35, 0.65);
    }

    private static (double Rate, double Cpu) Best((double Rate, double Cpu) a, (double Rate, double Cpu) b) => b.Rate > a.Rate ? b : a;

    private static async Task<IEndpoint> StartAsync(LocalEndpoints endpoints, EndpointRequest request)
    {
        var provisioning = await endpoints.Provider.ProvisionAsync(request, CancellationToken.None);
        return provisioning.Endpoint ?? throw new InvalidOperationException(provisioning.FailureReason);
    }

    /// <summary>Three closed-loop users for a few seconds: completed requests per second and the endpoint's CPU meanwhile.</summary>
    private static async Task<(double Rate, double Cpu)> BurstAsync(HttpClient http, IEndpoint endpoint)
    {
        endpoint.SampleResources();
        var clock = Stopwatch.StartNew();
        var completed = 0;
        var users = Enumerable.Range(0, 3).Select(async _ =>
        {
            for (var i = 0; i < 100_000 && clock.Elapsed < Burst; i++)
            {
                using var content = new StringContent("1,2,3", System.Text.Encoding.UTF8, "text/csv");
                using var response = await http.PostAsync(endpoint.InvocationsUrl, content);
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(users);
        var cpu = endpoint.SampleResources().CpuUtilization;
        return (completed / clock.Elapsed.TotalSeconds, cpu);
    }
}
