using System.Text.Json;

namespace RightSize.Packaging.Tests.Tool;

/// <summary>What the README demo must answer (issue #10), read from its console output and its output folder.</summary>
internal static class DemoAnswer
{
    public static void AssertRankedAndExplained(string console, string outputFolder)
    {
        using var describe = JsonDocument.Parse(File.ReadAllText(Path.Combine(outputFolder, "describe.json")));
        using var notes = JsonDocument.Parse(File.ReadAllText(Path.Combine(outputFolder, "notes.json")));
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
        var table = console[console.LastIndexOf("Recommendations (best first)", StringComparison.Ordinal)..];
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
        Assert.Contains("Ranked by throughput Highest, cost Moderate, latency Moderate (the job's rightsize:*-importance tags", console, StringComparison.Ordinal);
        Assert.Contains($"#2 {ranked[1].Type} against #1: ", console, StringComparison.Ordinal);

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
