using System.Text.Json;
using RightSize.Fleet.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.Generation;

/// <summary>A job's placed test takes its load from generator agents (not the endpoint's), merged on the coordinator.</summary>
[Collection(TimingSensitive.Name)]
public sealed class GeneratorJobTests
{
    [Fact]
    public async Task A_placed_test_is_loaded_by_the_other_generator_agents_with_their_clocks_noted_and_the_agent_reports_cpu_and_memory()
    {
        await using var nats = await NatsServer.StartAsync();
        // The endpoint's agent is a generator too: the job must still not load its endpoint from it.
        await using var endpointAgent = RightSizeProcess.Agent(nats.Url, "ep", "ml.c5.large", "endpoint,generator");
        await using var genA = RightSizeProcess.Agent(nats.Url, "gen-a", "ml.c5.large", "generator");
        await using var genB = RightSizeProcess.Agent(nats.Url, "gen-b", "ml.c5.large", "generator");
        await using var coordinator = await Coordinator.StartAsync(nats.Url, "--placement-deadline", "30");
        await coordinator.WaitForAgentsAsync(3);
        await coordinator.CreateJobAsync("spread-load", 4, "ml.c5.large");

        var status = await coordinator.WaitForEndAsync("spread-load", TimeSpan.FromSeconds(90));
        var test = (await coordinator.TestsAsync("spread-load")).EnumerateArray().Single();
        Assert.True(status == "COMPLETED", $"{status}: {test}\n{endpointAgent.Output}\n{genA.Output}\n{genB.Output}");
        var load = Assert.Single(Coordinator.Notes(test), n => n.StartsWith("load from ", StringComparison.Ordinal));
        Assert.StartsWith("load from 2 generator agent(s) other than the endpoint's (ep)", load, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(load, @"gen-a at 127\.0\.0\.1 \(clock offset [+-]\d+\.\d ms, within \d+\.\d ms\), gen-b at 127\.0\.0\.1 \(clock offset"), load);
        Assert.DoesNotContain(Coordinator.Notes(test), n => n.StartsWith("load generated on the coordinator", StringComparison.Ordinal));

        // The merged seconds drove the windows: every second of the pattern has one, with invocations.
        var windows = (await coordinator.GetJsonAsync("/api/jobs/spread-load/tests/0/windows")).EnumerateArray().ToList();
        Assert.True(windows.Count >= 4, $"{windows.Count} windows");
        // (A second in which a busy host stalled both generators whole may have none; one such is allowed.)
        Assert.True(windows.Count(w => w.GetProperty("Invocations").GetInt64() > 0) >= windows.Count - 1, string.Join("\n", windows));

        // The agent measured its endpoint's process tree and sent it with each ping: CPU and memory like a local endpoint's.
        Assert.Contains(windows, w => w.GetProperty("CpuUtilization").ValueKind == JsonValueKind.Number && w.GetProperty("CpuUtilization").GetDouble() > 0);
        // A window whose pings all came late on a busy host has no sample (no figure, rather than a made-up one); most have.
        var memory = windows.Where(w => w.TryGetProperty("MemoryUtilization", out _)).Select(w => w.GetProperty("MemoryUtilization").GetDouble()).ToList();
        Assert.True(memory.Count * 2 >= windows.Count, $"{memory.Count} of {windows.Count} windows have a memory figure");
        Assert.All(memory, m => Assert.InRange(m, double.Epsilon, 100));
        var metrics = (await coordinator.DescribeAsync("spread-load")).GetProperty("InferenceRecommendations")[0].GetProperty("Metrics");
        Assert.True(metrics.GetProperty("MemoryUtilization").GetDouble() > 0, metrics.ToString());
    }

    [Fact]
    public async Task A_generator_agent_killed_mid_test_is_left_out_of_a_second_attempt_and_the_notes_say_so()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var endpointAgent = RightSizeProcess.Agent(nats.Url, "ep", "ml.c5.large", "endpoint");
        await using var doomed = RightSizeProcess.Agent(nats.Url, "gen-1", "ml.c5.large", "generator");
        await using var survivor = RightSizeProcess.Agent(nats.Url, "gen-2", "ml.c5.large", "generator");
        await using var coordinator = await Coordinator.StartAsync(nats.Url, "--placement-deadline", "30");
        await coordinator.WaitForAgentsAsync(3);
        await coordinator.CreateJobAsync("lost-generator", 6, "ml.c5.large");

        // Mid-test: the merged seconds of both generators have made a window.
        await Poll.UntilAsync(async () => (await coordinator.GetJsonAsync("/api/jobs/lost-generator/tests/0/windows")).GetArrayLength() > 0,
            TimeSpan.FromSeconds(60), "the first window");
        await doomed.KillAsync();

        var status = await coordinator.WaitForEndAsync("lost-generator", TimeSpan.FromSeconds(60));
        var test = (await coordinator.TestsAsync("lost-generator")).EnumerateArray().Single();
        Assert.True(status == "COMPLETED", $"{status}: {test}\n{survivor.Output}");
        var notes = Coordinator.Notes(test).ToList();
        Assert.Contains(notes, n => n.StartsWith("first attempt ended: generator agent gen-1 (ml.c5.large at 127.0.0.1) is gone mid-test", StringComparison.Ordinal)
            && n.EndsWith("retried once without agent gen-1", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("load from 1 generator agent(s) other than the endpoint's (ep), ", StringComparison.Ordinal) && n.Contains("gen-2 at", StringComparison.Ordinal));
    }
}
