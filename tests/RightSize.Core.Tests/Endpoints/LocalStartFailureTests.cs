using System.Diagnostics;
using System.Text;
using RightSize.Endpoints;
using RightSize.Load;
using RightSize.Models;
using RightSize.Tests.Workspaces;

namespace RightSize.Core.Tests.Endpoints;

public sealed class LocalStartFailureTests
{
    [Fact]
    public async Task A_synthetic_model_without_its_service_time_fails_at_once_saying_what_to_set()
    {
        using var state = new TempDir();
        using var http = new HttpClient();
        var provider = new LocalProcessEndpointProvider(
            new LocalProcessOptions { StateDirectory = state.Path }, http, new Payload(Encoding.UTF8.GetBytes("1"), "text/csv"), TimeProvider.System);
        var request = new EndpointRequest
        {
            EndpointName = "synthetic-without-service-time",
            Model = new CreateModelRequest { ModelName = "synthetic", PrimaryContainer = new ContainerDefinition { Image = LocalProcessEndpointProvider.BuiltinSynthetic } },
            Environment = new Dictionary<string, string> { ["RIGHTSIZE_SYNTHETIC_SLOTS"] = "4" },
            SetupDeadline = TimeSpan.FromMinutes(4),
        };

        var clock = Stopwatch.StartNew();
        var provisioning = await provider.ProvisionAsync(request, CancellationToken.None);

        Assert.Null(provisioning.Endpoint);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed.TotalSeconds:0} s of a 240 s setup deadline");
        Assert.Contains("exited before it was listening (exit code 2)", provisioning.FailureReason, StringComparison.Ordinal);
        Assert.Contains("RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS=20 in the environment", provisioning.FailureReason, StringComparison.Ordinal);
    }
}
