using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands;

/// <summary>Issue #10: an accelerator type never runs on CPU as if it were real.</summary>
[Collection(TimingSensitive.Name)]
public sealed class AcceleratorJobTests
{
    [Fact]
    public async Task A_gpu_type_without_a_gpu_fails_with_why_and_the_ways_out()
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", TestJobs.SyntheticWorkspace());
        var job = cli.Write("job.json", TestJobs.Stairs("gpu-no-opt-in", "\"ml.g4dn.xlarge\""));

        var exit = await cli.RunAsync("run", job, "--relaxed-validation", "--output", cli.PathOf("out"));

        Assert.True(exit == 1, cli.Text);
        using var describe = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "describe.json")));
        Assert.Equal("FAILED", describe.RootElement.GetProperty("Status").GetString());
        var reason = describe.RootElement.GetProperty("FailureReason").GetString()!;
        // Without a GPU here it says so; with one, that the built-in model server is a local process, which gets none.
        Assert.Contains("ml.g4dn.xlarge is an accelerator type (1 NVIDIA GPU) but ", reason, StringComparison.Ordinal);
        Assert.Contains(File.Exists("/usr/bin/nvidia-smi") ? "local process" : "this host has no NVIDIA GPU", reason, StringComparison.Ordinal);
        Assert.Contains("rightsize:emulate-accelerators = true", reason, StringComparison.Ordinal);
        Assert.Contains("is an accelerator type", cli.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_opt_in_tag_a_gpu_type_runs_on_cpu_and_every_output_says_it_was_emulated()
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", TestJobs.SyntheticWorkspace());
        var job = cli.Write("job.json", TestJobs.Stairs("gpu-emulated", "\"ml.g4dn.xlarge\"")
            .Replace("\"Tags\": [", "\"Tags\": [ { \"Key\": \"rightsize:emulate-accelerators\", \"Value\": \"true\" },", StringComparison.Ordinal));

        var exit = await cli.RunAsync("run", job, "--relaxed-validation", "--output", cli.PathOf("out"));

        Assert.True(exit == 0, cli.Text);
        Assert.Contains("accelerator-emulated: ml.g4dn.xlarge has 1 NVIDIA GPU but", cli.Text, StringComparison.Ordinal);
        var report = File.ReadAllText(cli.PathOf("out", "report.html"));
        Assert.Contains("<span class=\"caveat\">accelerator-emulated</span>", report, StringComparison.Ordinal);
        using var notes = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "notes.json")));
        var test = Assert.Single(notes.RootElement.GetProperty("Tests").EnumerateArray());
        Assert.Contains(test.GetProperty("Caveats").EnumerateArray(), c => c.GetProperty("Kind").GetString() == "accelerator-emulated");
        var rows = File.ReadAllLines(cli.PathOf("out", "metrics.csv"));
        Assert.All(rows.Skip(1), r => Assert.Contains("accelerator-emulated", r, StringComparison.Ordinal));

        // describe.json stays SageMaker's shape: the caveat lives beside it, keyed by the recommendation.
        var describe = File.ReadAllText(cli.PathOf("out", "describe.json"));
        Assert.DoesNotContain("accelerator-emulated", describe, StringComparison.Ordinal);
        Assert.DoesNotContain("Caveat", describe, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(describe);
        Assert.Equal(test.GetProperty("RecommendationId").GetString(),
            parsed.RootElement.GetProperty("InferenceRecommendations")[0].GetProperty("RecommendationId").GetString());
    }
}
