using System.Net;
using RightSize.Cli.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Endpoints.Serverless;
using RightSize.Jobs;

namespace RightSize.Cli.Tests.Endpoints;

[Collection(TimingSensitive.Name)]
public sealed class ServerlessEndpointTests
{
    [Fact]
    public async Task Beyond_max_concurrency_the_gate_answers_429_and_after_idle_it_scales_to_zero_and_cold_starts()
    {
        using var endpoints = new LocalEndpoints();
        var serverless = new ServerlessEndpointProvider(endpoints.Provider, endpoints.Http, TimeProvider.System);
        var request = LocalEndpoints.Synthetic("serverless", vcpus: 0.6, memoryGiB: 1) with
        {
            ServerlessConfig = new ProductionVariantServerlessConfig { MemorySizeInMB = 1024, MaxConcurrency = 2 },
            // 3 s per request: the five sent at once are all in flight together even when a busy host delays some of
            // them by a second or two (at 300 ms, a late one found a slot free again and was served).
            Environment = new Dictionary<string, string> { ["RIGHTSIZE_SYNTHETIC_SLOTS"] = "8", ["RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS"] = "3000" },
            ServerlessIdle = TimeSpan.FromSeconds(1),
        };
        Assert.True(serverless.CanProvision(request));
        Assert.False(endpoints.Provider.CanProvision(request));

        var provisioning = await serverless.ProvisionAsync(request, CancellationToken.None);
        var endpoint = provisioning.Endpoint ?? throw new InvalidOperationException(provisioning.FailureReason);
        await using (endpoint)
        {
            Assert.True(endpoint.ModelSetupTime > TimeSpan.Zero);
            Assert.Contains(endpoint.Caveats, w => w.Detail.StartsWith("serverless: at most 2 concurrent", StringComparison.Ordinal));
            Assert.Contains(endpoint.Caveats, w => w.Detail.StartsWith("limits enforced by cgroup", StringComparison.Ordinal));

            var statuses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => InvokeAsync(endpoints.Http, endpoint)));
            Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

            // Scaled to zero: the model's process and cgroup are gone; the next request waits for a cold start.
            await Poll.UntilAsync(() => LocalEndpoints.CgroupsOwnedBy(Environment.ProcessId).Count == 0, TimeSpan.FromSeconds(10), "scale to zero after 1 s idle");
            Assert.Equal(0, endpoint.SampleResources().MemoryUtilization);

            Assert.Equal(HttpStatusCode.OK, await InvokeAsync(endpoints.Http, endpoint));
            Assert.Single(LocalEndpoints.CgroupsOwnedBy(Environment.ProcessId));
        }

        Assert.Empty(LocalEndpoints.CgroupsOwnedBy(Environment.ProcessId));
    }

    private static async Task<HttpStatusCode> InvokeAsync(HttpClient http, IEndpoint endpoint)
    {
        using var content = new StringContent("1,2,3", System.Text.Encoding.UTF8, "text/csv");
        using var response = await http.PostAsync(endpoint.InvocationsUrl, content);
        return response.StatusCode;
    }
}
