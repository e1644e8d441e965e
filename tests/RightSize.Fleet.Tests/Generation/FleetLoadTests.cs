using System.Text.Json.Nodes;
using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Generation;
using RightSize.Fleet.Tests.Infrastructure;
using RightSize.Load;

namespace RightSize.Fleet.Tests.Generation;

/// <summary>
/// A load split across two generator agents (real child processes) against the reference model server on 127.0.0.1,
/// merged by a coordinator over a real nats-server.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FleetLoadTests
{
    [Fact]
    public async Task Two_generator_agents_share_a_load_whose_merged_counts_are_their_sum_and_Stop_reaches_both()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var target = RightSizeProcess.Start(["model", "serve", "--port", "0", "--synthetic", "--slots", "8", "--service-time-ms", "2"]);
        await using var a = StartGenerator(nats, "gen-a");
        await using var b = StartGenerator(nats, "gen-b");
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        string? url = null;
        await Poll.UntilAsync(() => Task.FromResult((url = ListeningUrl(target.Output)) is not null || target.HasExited), TimeSpan.FromSeconds(60), "the model server to listen");
        Assert.True(url is not null, target.Output);
        await Poll.UntilAsync(async () => (await AgentRegistry.Open(connection).ListAsync(CancellationToken.None)).Count == 2 || a.HasExited || b.HasExited,
            TimeSpan.FromSeconds(60), "both agents to register");
        Assert.False(a.HasExited || b.HasExited, a.Output + b.Output);

        // 1. The CLI: a short load runs to its end on both agents; the merged total is the sum of their own counts.
        var (exit, output) = await RightSizeProcess.RunAsync("load", url + "invocations", "--fleet", nats.Url, "--generators", "2", "-c", "4", "-d", "2s", "--json");
        Assert.True(exit == 0, output);
        var json = JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!;
        var generators = json["fleet"]!["generators"]!.AsArray();
        Assert.Equal(["gen-a", "gen-b"], generators.Select(g => (string)g!["agent"]!).Order());
        Assert.All(generators, g => Assert.True((long)g!["requests"]! > 0, output));
        Assert.Equal((long)json["requests"]!, generators.Sum(g => (long)g!["requests"]!));
        Assert.True((bool)json["fleet"]!["merged_matches_generators"]!, output);
        Assert.All(generators, g => Assert.False((bool)g!["stopped"]!));

        // 2. The coordinator in-process: a long load, cancelled once merged seconds arrive, broadcasts Stop to both.
        using var cancel = new CancellationTokenSource();
        var merged = new MergedSeconds(cancel, stopAfter: 3);
        var options = new AdHocLoadOptions(new Uri(url + "invocations")) { Connections = 4, Duration = TimeSpan.FromSeconds(60) };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token, deadline.Token);
        var result = await FleetLoad.RunAsync(connection, options, 2, TimeProvider.System, merged, both.Token);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var summary = result.Value;
        Assert.False(deadline.IsCancellationRequested, "the load was not stopped by the merged seconds");
        Assert.Empty(summary.BucketErrors);
        Assert.All(summary.Generators, g =>
        {
            Assert.True(g.Stopped, $"{g.AgentId} did not get Stop: {g.Error}");
            Assert.Null(g.Error);
            Assert.True(g.Requests > 0);
            Assert.Equal(g.SecondsSent, g.SecondsMerged);
            // Same host, same clock: the measured offset is within half the round trip of zero.
            Assert.True(Math.Abs(g.Clock.Offset.TotalMilliseconds) <= (g.Clock.RoundTrip.TotalMilliseconds / 2) + 1, $"{g.AgentId}: offset {g.Clock.Offset} with round trip {g.Clock.RoundTrip}");
        });
        Assert.Equal(summary.Merged.Requests, summary.Generators.Sum(g => g.Requests));
        Assert.Equal(summary.Merged.Requests, merged.Requests);
        Assert.True(summary.Merged.DurationSeconds < 50, $"the generators ran {summary.Merged.DurationSeconds} s of 60 after Stop");
        // Both agents stay registered and idle after the run.
        Assert.False(a.HasExited || b.HasExited, a.Output + b.Output);
    }

    private static RightSizeProcess StartGenerator(NatsServer nats, string id) =>
        RightSizeProcess.Start(["agent", "--nats", nats.Url, "--id", id, "--instance-type", "ml.c5.large", "--roles", "generator"]);

    private static string? ListeningUrl(string output)
    {
        const string Prefix = "Listening on ";
        var at = output.IndexOf(Prefix, StringComparison.Ordinal);
        return at < 0 ? null : output[(at + Prefix.Length)..].Split('\n')[0].Trim().TrimEnd('/') + "/";
    }

    /// <summary>Counts merged seconds; cancels the load once <paramref name="stopAfter"/> seconds with requests arrived.</summary>
    private sealed class MergedSeconds(CancellationTokenSource cancel, int stopAfter) : IProgress<SecondBucket>
    {
        private int _busySeconds;

        public long Requests { get; private set; }

        public void Report(SecondBucket value)
        {
            Requests += value.Invocations;
            if (value.Invocations > 0 && ++_busySeconds == stopAfter)
            {
                cancel.Cancel();
            }
        }
    }
}
