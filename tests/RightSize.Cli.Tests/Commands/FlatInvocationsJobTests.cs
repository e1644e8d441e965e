using System.Globalization;
using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RightSize.Cli.Tests.Commands;

/// <summary>Issue #20: FlatInvocations Stop on STAIRS jobs, where a step change once stopped a test before its users ran.</summary>
[Collection(TimingSensitive.Name)]
public sealed class FlatInvocationsJobTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_step_close_to_the_capacity_does_not_stop_the_test_before_the_new_users_had_a_whole_window()
    {
        // The case at half its time scale: 4 slots x 20 ms, 12,000/min of true capacity; 6 steps of 15 s with 2
        // users each, 5 s windows (the 30 s steps and 10 s windows keep the same ratio). The step to 6 users once
        // stopped the test a second into its step with the capacity 6% low. 4 closed-loop users reach 4 / (20 ms
        // + the server's timer lateness + the round trip) of it, 91-99% depending on the host, so whether 4 -> 6 users
        // still gains 5% is the host's call: a stop on 6 users is right only when the windows of 4 users (two windows
        // before a stop window of 6) were already within 5% of the peak; otherwise the test must run on to 8 (the issue's
        // expectation on its host, 4 users at 94%).
        var stop = await RunAsync(slots: 4, durationSeconds: 90, steps: 6, windowSeconds: 5);

        stop.AssertRuleHeld();
        stop.AssertOnAQuietHost(stop.UsersThroughout >= 6);
        stop.AssertCapacity(12_000);
    }

    [Fact]
    public async Task A_test_runs_until_users_outgrow_the_capacity_and_stops_on_the_plateau()
    {
        // 6 slots x 20 ms: 18,000/min. 2 users per 10 s step give a third, two thirds and about 95% of it at 6 users, so
        // nothing is flat before 8 users have run a whole 5 s window; 10 users (+25%) gain nothing over 8.
        var stop = await RunAsync(slots: 6, durationSeconds: 80, steps: 8, windowSeconds: 5);

        stop.AssertRuleHeld();
        stop.AssertOnAQuietHost(stop.UsersThroughout is >= 8 and <= 10);
        stop.AssertCapacity(18_000);
    }

    private async Task<Stop> RunAsync(int slots, int durationSeconds, int steps, int windowSeconds)
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", TestJobs.SyntheticWorkspace(slots: slots, serviceTimeMs: 20));
        var job = cli.Write("job.json", $$"""
            {
              "JobName": "flat-stairs",
              "JobType": "Advanced",
              "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
              "InputConfig": {
                "ModelName": "synthetic",
                "TrafficPattern": { "TrafficType": "STAIRS", "Stairs": { "DurationInSeconds": {{durationSeconds}}, "NumberOfSteps": {{steps}}, "UsersPerStep": 2 } },
                "ResourceLimit": { "MaxNumberOfTests": 1, "MaxParallelOfTests": 1 },
                "EndpointConfigurations": [ { "InstanceType": "local.cpu1" } ]
              },
              "StoppingConditions": {
                "MaxInvocations": 60000,
                "ModelLatencyThresholds": [ { "Percentile": "P95", "ValueInMilliseconds": 500 } ],
                "FlatInvocations": "Stop"
              },
              "Tags": [ { "Key": "rightsize:window-seconds", "Value": "{{windowSeconds}}" } ]
            }
            """);

        var exit = await cli.RunAsync("run", job, "--relaxed-validation", "--output", cli.PathOf("out"));

        Assert.True(exit == 0, cli.Text);
        Assert.Contains("invocations flattened while users grew", File.ReadAllText(cli.PathOf("out", "report.html")), StringComparison.Ordinal);
        var rows = File.ReadAllLines(cli.PathOf("out", "metrics.csv")).Select(r => r.Split(',')).ToList();
        double Cell(string[] row, string name) => double.Parse(row[Array.IndexOf(rows[0], name)], CultureInfo.InvariantCulture);
        double Column(string name) => Cell(rows[^1], name);
        using var describe = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "describe.json")));
        var recommendation = describe.RootElement.GetProperty("InferenceRecommendations")[0];
        var perInstance = recommendation.GetProperty("Metrics").GetProperty("MaxInvocations").GetDouble()
            / recommendation.GetProperty("EndpointConfiguration").GetProperty("InitialInstanceCount").GetInt32();
        var stepSeconds = durationSeconds / steps;
        var full = rows.Skip(1).Where(r => r[Array.IndexOf(rows[0], "full")] == "true")
            .Select(r => (End: Cell(r, "window_end_s"), Rate: Cell(r, "invocations_per_minute")))
            .ToList();
        var anyHostBound = rows.Skip(1).Any(r => r[Array.IndexOf(rows[0], "host_bound")] == "true");
        using var notes = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "notes.json")));
        var hostBound = notes.RootElement.GetProperty("Tests")[0].TryGetProperty("PeakWindowHostBound", out var b) && b.GetBoolean();
        var stop = new Stop(Column("window_end_s"), Column("mean_users"), Column("users"), perInstance, stepSeconds, windowSeconds)
        {
            Windows = full,
            PeakWindowHostBound = hostBound,
            AnyWindowHostBound = anyHostBound,
        };
        output.WriteLine(stop.Describe());
        return stop;
    }

    /// <summary>The last window of the stopped test: the rule may only fire on users that ran the whole window.</summary>
    private sealed record Stop(double WindowEnd, double MeanUsers, double Users, double PerInstance, int StepSeconds, int WindowSeconds)
    {
        /// <summary>
        /// The schedule's users at the window's start (steps of 2 users from 2), which ran all of it. A window may end a
        /// second into the next step (8.4 mean users, 10 at its end): the stop answers to the 8 that ran throughout.
        /// </summary>
        public double UsersThroughout => 2 * (Math.Floor((WindowEnd - WindowSeconds) / StepSeconds) + 1);

        /// <summary>Whether other load saturated the host in the peak window (notes.json), which the results then say.</summary>
        public required bool PeakWindowHostBound { get; init; }

        /// <summary>Whether other load saturated the host in any window of the test (metrics.csv's host_bound).</summary>
        public required bool AnyWindowHostBound { get; init; }

        /// <summary>The full windows of the test: end second and invocations per minute.</summary>
        public required IReadOnlyList<(double End, double Rate)> Windows { get; init; }

        /// <summary>
        /// The best window up to the one the rule compared the stop window with (ending two window lengths earlier, so
        /// the two do not overlap), against the best of the test.
        /// </summary>
        public double BestUpToThen => Windows.Where(w => w.End <= WindowEnd - (2 * WindowSeconds)).Select(w => w.Rate).DefaultIfEmpty(0).Max()
            / Windows.Max(w => w.Rate);

        /// <summary>What the flat rule asks, read back from metrics.csv: the best rate grew by less than 5% since then.</summary>
        public bool GainedUnder5Percent => BestUpToThen * 1.05 >= 1;

        /// <summary>What the product guarantees on any host: its stop follows the rule on the windows it measured.</summary>
        public void AssertRuleHeld() => Assert.True(GainedUnder5Percent, Describe());

        /// <summary>
        /// Where users outgrow the capacity is the host's call: on a host that let the endpoint have its core the stop
        /// must come at <paramref name="expected"/> users. A window measured on a saturated host is labelled host-bound
        /// (the results say so; CI hosts are often busy), and its lowered rate may stop the test a step early or late.
        /// </summary>
        public void AssertOnAQuietHost(bool expected)
        {
            if (!AnyWindowHostBound)
            {
                Assert.True(expected, Describe());
            }
        }

        /// <summary>
        /// Within 5% of the true capacity, on a host that let the endpoint have its core: on a saturated host the peak
        /// window is labelled host-bound and the capacity may read low (the result says so; CI hosts are often busy).
        /// </summary>
        public void AssertCapacity(double trueCapacity)
        {
            if (!PeakWindowHostBound || PerInstance > trueCapacity)
            {
                Assert.True(PerInstance >= trueCapacity * 0.95 && PerInstance <= trueCapacity * 1.05, $"{Describe()}; true capacity {trueCapacity}/min");
            }
        }

        public string Describe() => FormattableString.Invariant(
            $"the test stopped at {WindowEnd} s on a window of {MeanUsers} mean users, {UsersThroughout} throughout, {Users} at its end, {PerInstance:0}/min per instance, best up to two windows earlier {BestUpToThen:P1} of the peak, peak window host-bound {PeakWindowHostBound}, any window host-bound {AnyWindowHostBound}");
    }
}
