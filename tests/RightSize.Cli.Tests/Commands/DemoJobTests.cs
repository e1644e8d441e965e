using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RightSize.Cli.Tests.Commands;

/// <summary>Issue #10: the README demo's larger CPU share serves more per instance, ranks first, and its summary says why.</summary>
[Collection(TimingSensitive.Name)]
public sealed class DemoJobTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_demo_ranks_the_larger_cpu_share_first_for_its_throughput_and_says_why()
    {
        using var cli = new CliRun();

        var exit = await cli.RunAsync("run", "--output", cli.PathOf("out"));

        output.WriteLine(cli.Text);
        Assert.True(exit == 0, cli.Text);
        using var describe = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "describe.json")));
        using var notes = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "notes.json")));
        var ranked = describe.RootElement.GetProperty("InferenceRecommendations").EnumerateArray().Select(r =>
        (
            Type: r.GetProperty("EndpointConfiguration").GetProperty("InstanceType").GetString()!,
            PerInstance: r.GetProperty("Metrics").GetProperty("MaxInvocations").GetDouble() / r.GetProperty("EndpointConfiguration").GetProperty("InitialInstanceCount").GetInt32()
        )).ToList();
        Assert.Equal(["local.cpu1", "local.half"], ranked.Select(r => r.Type).Order(StringComparer.Ordinal));

        // Each peak is labelled with what capped it: the endpoint's CPU (its whole share used), or, only when other load
        // saturated the host in the peak window (which the row's caveats then say), the host.
        var hostBound = notes.RootElement.GetProperty("Tests").EnumerateArray()
            .ToDictionary(t => t.GetProperty("InstanceType").GetString()!, t => t.TryGetProperty("PeakWindowHostBound", out var b) && b.GetBoolean());
        var table = cli.Text[cli.Text.LastIndexOf("Recommendations (best first)", StringComparison.Ordinal)..];
        var rows = table.Split('\n').Where(l => l.Contains("local.cpu1", StringComparison.Ordinal) || l.Contains("local.half", StringComparison.Ordinal)).ToList();
        foreach (var (type, _) in ranked)
        {
            var row = rows.First(r => r.Contains(type, StringComparison.Ordinal));
            var endpointCpu = row.Contains("endpoint CPU", StringComparison.Ordinal);
            var host = hostBound[type] && row.Contains("host (other load)", StringComparison.Ordinal) && row.Contains("host-bound", StringComparison.Ordinal);
            Assert.True(endpointCpu || host, $"host-bound {hostBound[type]}: {row}\n{table}");
        }

        // The demo ranks for throughput per instance (its importance tags), and the summary says so, with what the second
        // configuration does better: here local.half, cheaper per inference whenever one core serves under twice as much.
        Assert.Contains("Ranked by throughput Highest, cost Moderate, latency Moderate (the job's rightsize:*-importance tags", cli.Text, StringComparison.Ordinal);
        Assert.Contains($"#2 {ranked[1].Type} against #1: ", cli.Text, StringComparison.Ordinal);

        // On a quiet host one core serves at least 1.5x half a core per instance (issue #10's bar; about 2x by design),
        // so it ranks first. Other load takes more from a whole core than from half of one, so on a saturated host it may
        // not; the rows then say host-bound, as checked above.
        if (!hostBound.Values.Any(b => b))
        {
            var perInstance = ranked.ToDictionary(r => r.Type, r => r.PerInstance);
            Assert.True(perInstance["local.cpu1"] >= 1.5 * perInstance["local.half"], $"per instance: {ranked[0]} vs {ranked[1]}");
            Assert.Equal("local.cpu1", ranked[0].Type);
        }
    }
}
