using System.Text.Json;
using RightSize.Orchestration;
using RightSize.Reports;
using RightSize.Results;

namespace RightSize.Core.Tests.Reports;

public sealed class JobNotesTests
{
    [Fact]
    public void Notes_carry_every_tests_caveats_by_kind_and_its_host_bound_windows_keyed_to_describe_json()
    {
        var job = ReportFixture.Job();
        using var writer = new StringWriter();
        JobNotes.Write(job, writer);

        var root = JsonDocument.Parse(writer.ToString()).RootElement;
        Assert.Equal("xgb-sizing", root.GetProperty("JobName").GetString());
        var tests = root.GetProperty("Tests").EnumerateArray().ToList();
        Assert.Equal(4, tests.Count);

        var busy = tests[1];
        Assert.Equal(JobDescriber.Describe(job).InferenceRecommendations!.Select(r => r.RecommendationId).Order(),
            tests.Where(t => t.TryGetProperty("RecommendationId", out _)).Select(t => t.GetProperty("RecommendationId").GetString()).Order(),
            StringComparer.Ordinal);
        var caveats = busy.GetProperty("Caveats").EnumerateArray().Select(c => (c.GetProperty("Kind").GetString(), c.GetProperty("Detail").GetString())).ToList();
        Assert.Contains(("host-bound", ReportFixture.HostBoundDetail), caveats);
        Assert.Contains(caveats, c => c.Item1 == "note");
        Assert.Equal(job.Tests[1].Windows.Count(w => w.EndSecond > ReportFixture.HostBoundFrom), busy.GetProperty("HostBoundWindows").GetInt32());
        Assert.Equal(job.Tests[1].Metrics!.PeakWindow.EndSecond > ReportFixture.HostBoundFrom, busy.GetProperty("PeakWindowHostBound").GetBoolean());

        Assert.Equal("emulated", tests[2].GetProperty("Caveats")[0].GetProperty("Kind").GetString());
        Assert.False(tests[2].TryGetProperty("RecommendationId", out _));
        Assert.False(tests[0].TryGetProperty("PeakWindowHostBound", out _));
        Assert.Equal(0, tests[3].GetProperty("Windows").GetInt32());
    }

    [Fact]
    public void Every_caveat_kind_round_trips_through_its_name()
    {
        foreach (var kind in Enum.GetValues<CaveatKind>())
        {
            var json = JsonSerializer.Serialize(new Caveat(kind, "d"), NotesJsonContext.Default.Options);
            Assert.Contains($"\"Kind\":\"{Caveat.Name(kind)}\"", json.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal(kind, Caveat.Parse(Caveat.Name(kind)));
        }

        Assert.Null(Caveat.Parse("Host-Bound"));
    }
}
