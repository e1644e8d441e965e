using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands;

[Collection(TimingSensitive.Name)]
public sealed class AutoscalingSimulateTests
{
    [Fact]
    public async Task Instances_go_up_with_the_traffic_and_down_after_it_and_every_instance_is_stopped()
    {
        using var cli = new CliRun();
        var before = ModelServerChildren();

        // 24 simulated minutes in 24 s; cooldowns and the scale-in period of 3 simulated minutes fit the pattern.
        var exit = await cli.RunAsync(
            "autoscaling", "simulate", "--synthetic-slots", "4", "--synthetic-service-time-ms", "20", "--target-value", "6000",
            "--max-instances", "3", "--duration", "24m", "--time-scale", "60", "--scale-in-cooldown", "120", "--scale-out-cooldown", "120",
            "--scale-in-period", "3m", "--latency-threshold-ms", "2000", "--json", "--output", cli.PathOf("sim"));

        using var json = JsonDocument.Parse(cli.Out.ToString());
        var root = json.RootElement;
        var instances = root.GetProperty("Minutes").EnumerateArray().Select(m => m.GetProperty("Instances").GetInt32()).ToList();
        Assert.Equal(24, instances.Count);
        Assert.Equal(1, instances[0]);
        var peak = instances.IndexOf(instances.Max());
        Assert.True(instances.Max() >= 2, string.Join(",", instances));
        Assert.True(instances[^1] < instances.Max(), string.Join(",", instances));
        Assert.True(peak < instances.Count - 1);
        // Round robin spreads a minute's requests evenly over the instances that served all of it. A minute that ended
        // with no more instances than it began with lists only such instances: one that joins the rotation is the
        // newest, the first to leave. The busiest such minute is checked, since a busy host can shorten a simulated
        // minute (one real second) to a few requests, where one more is already uneven.
        var spread = Enumerable.Range(1, instances.Count - 1)
            .Where(m => instances[m] >= 2 && instances[m] <= instances[m - 1])
            .Select(m => root.GetProperty("Minutes")[m].GetProperty("InstanceInvocations").EnumerateArray().Select(c => c.GetInt64()).ToList())
            .MaxBy(counts => counts.Sum());
        Assert.True(spread is { Count: >= 2 } && spread.Min() * 2 > spread.Max(), $"round robin should spread evenly: {string.Join(",", spread ?? [])} ({string.Join(",", instances)} instances)");
        var verdict = root.GetProperty("Verdict");
        Assert.True(verdict.GetProperty("ScaledOut").GetBoolean());
        Assert.True(verdict.GetProperty("ScaledIn").GetBoolean());
        Assert.True(exit == 0 || !verdict.GetProperty("LatencyHeld").GetBoolean(), cli.Text);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("Summary").GetString()));
        Assert.Contains("<svg", await File.ReadAllTextAsync(cli.PathOf("sim", "simulate.html")), StringComparison.Ordinal);
        Assert.True(File.Exists(cli.PathOf("sim", "simulate.json")));
        Assert.True(root.GetProperty("InstancesStarted").GetInt32() >= instances.Max());
        Assert.Equal(before, ModelServerChildren());
    }

    [Fact]
    public async Task Cancelling_stops_every_instance()
    {
        using var cli = new CliRun();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(4));

        var exit = await cli.RunAsync(cancel.Token, "autoscaling", "simulate", "--synthetic-slots", "2", "--target-value", "3000", "--min-instances", "2", "--duration", "10m");

        Assert.Equal(1, exit);
        Assert.Empty(ModelServerChildren());
    }

    [Theory]
    [InlineData("--target-value", "0")]
    [InlineData("--time-scale", "0")]
    [InlineData("--max-instances", "0")]
    [InlineData("--duration", "1m")]
    public async Task Bad_input_exits_2_naming_the_option(string option, string value)
    {
        using var cli = new CliRun();
        string[] target = option == "--target-value" ? [] : ["--target-value", "3000"];
        string[] args = ["autoscaling", "simulate", "--synthetic-slots", "2", .. target, option, value];

        var exit = await cli.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(option, cli.Text, StringComparison.Ordinal);
    }

    /// <summary>Model servers that are children of this test process (found through /proc, Linux).</summary>
    internal static List<int> ModelServerChildren()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == self && stat.Contains("(RightSize.Model", StringComparison.Ordinal))
                {
                    children.Add(int.Parse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended, or is not ours to read.
            }
        }

        return children;
    }
}
