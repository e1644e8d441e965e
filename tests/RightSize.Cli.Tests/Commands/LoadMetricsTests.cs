using RightSize.Cli.Commands;
using RightSize.Cli.Tests.Infrastructure;
using RightSize.Load;

namespace RightSize.Cli.Tests.Commands;

/// <summary><c>rightsize load --metrics</c> (bench/http's instruments-on run) feeds the instruments serve exports.</summary>
[Collection(TimingSensitive.Name)]
public sealed class LoadMetricsTests
{
    [Fact]
    public async Task A_load_with_metrics_feeds_every_invocation_and_latency_to_the_listener()
    {
        await using var server = await ModelServerProcess.StartAsync("--synthetic", "--slots", "2", "--service-time-ms", "2");
        var target = new Uri(server.InvocationsUrl);
        using var metrics = new LoadMetrics(target);

        var summary = await AdHocLoad.RunAsync(new AdHocLoadOptions(target) { Connections = 2, Duration = TimeSpan.FromSeconds(2) },
            TimeProvider.System, metrics, CancellationToken.None);

        Assert.True(summary.Requests > 10, $"{summary.Requests} requests");
        // The synthetic model never fails: every invocation's latency reaches the histogram.
        Assert.Equal((summary.Requests, summary.Requests), metrics.Collected);
    }
}
