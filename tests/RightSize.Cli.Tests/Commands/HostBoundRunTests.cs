using System.Diagnostics;
using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands;

/// <summary>Issue #10: a job run while another process burns a core says, in every output, that the host was saturated.</summary>
[Collection(TimingSensitive.Name)]
public sealed class HostBoundRunTests
{
    [Fact]
    public async Task A_job_run_beside_a_process_burning_a_core_is_flagged_host_bound()
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", TestJobs.SyntheticWorkspace());
        var job = cli.Write("job.json", TestJobs.Stairs("beside-a-burner"));
        using var burner = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"]))!;
        int exit;
        try
        {
            exit = await cli.RunAsync("run", job, "--relaxed-validation", "--output", cli.PathOf("out"));
        }
        finally
        {
            burner.Kill();
            await burner.WaitForExitAsync();
        }

        Assert.True(exit == 0, cli.Text);
        Assert.Contains("host-bound: the host was saturated in the peak window (other processes used", cli.Text, StringComparison.Ordinal);
        using var notes = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "notes.json")));
        var test = Assert.Single(notes.RootElement.GetProperty("Tests").EnumerateArray());
        Assert.True(test.GetProperty("PeakWindowHostBound").GetBoolean());
        Assert.True(test.GetProperty("HostBoundWindows").GetInt32() > 0);
        var rows = File.ReadAllLines(cli.PathOf("out", "metrics.csv"));
        var column = Array.IndexOf(rows[0].Split(','), "host_bound");
        Assert.Contains(rows.Skip(1), r => r.Split(',')[column] == "true");
        Assert.Contains("<span class=\"caveat\">host-bound</span>", File.ReadAllText(cli.PathOf("out", "report.html")), StringComparison.Ordinal);
    }
}
