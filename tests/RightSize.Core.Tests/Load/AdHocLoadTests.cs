using System.Diagnostics;
using System.Text.Json;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Load;

namespace RightSize.Core.Tests.Load;

[Collection(TimingSensitive.Name)]
public sealed class AdHocLoadTests
{
    [Fact]
    public async Task A_closed_loop_summary_has_the_documented_json_fields_with_sane_values()
    {
        await using var target = await TestTarget.StartAsync(new() { ServiceTime = TimeSpan.FromMilliseconds(10), ErrorEvery = 10 });
        var seconds = new List<SecondBucket>();
        var options = new AdHocLoadOptions(target.InvocationsUri)
        {
            Connections = 4,
            Duration = TimeSpan.FromSeconds(1.5),
            Body = new Payload("{\"x\":1}"u8.ToArray(), "application/json"),
        };

        var started = Stopwatch.GetTimestamp();
        var summary = await AdHocLoad.RunAsync(options, TimeProvider.System, new SyncProgress(seconds), CancellationToken.None);
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;

        using var json = JsonDocument.Parse(summary.ToJson());
        var root = json.RootElement;
        Assert.Equal(
            ["requests", "errors", "duration_s", "rps", "latency_ms"],
            root.EnumerateObject().Select(p => p.Name).Take(5));
        Assert.Equal(["p50", "p90", "p95", "p99", "p999", "max"], root.GetProperty("latency_ms").EnumerateObject().Select(p => p.Name));
        Assert.Equal("closed-loop", root.GetProperty("mode").GetString());
        Assert.Equal(target.Invocations, root.GetProperty("requests").GetInt64());
        Assert.Equal(target.Invocations / 10, root.GetProperty("errors").GetInt64());
        Assert.Equal(summary.Errors, root.GetProperty("errors_by_outcome").GetProperty("server_error").GetInt64());
        // The run lasts its duration, and no longer than the call did (a busy host stretches both alike).
        var duration = root.GetProperty("duration_s").GetDouble();
        Assert.InRange(duration, 1.5, wall);
        // The rate is what was done over how long it took; 4 users at 10 ms each can never do more than 400/s.
        Assert.Equal(root.GetProperty("requests").GetInt64() / duration, root.GetProperty("rps").GetDouble(), 0.01 * root.GetProperty("rps").GetDouble() + 0.5);
        Assert.InRange(root.GetProperty("rps").GetDouble(), 1, 420);
        var latency = root.GetProperty("latency_ms");
        // Never faster than the service time; ordered; none longer than the run.
        Assert.True(latency.GetProperty("p50").GetDouble() >= 10, $"p50 {latency.GetProperty("p50").GetDouble()} ms");
        Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
        Assert.True(latency.GetProperty("p999").GetDouble() <= latency.GetProperty("max").GetDouble());
        Assert.True(latency.GetProperty("max").GetDouble() <= wall * 1000);
        Assert.Equal("application/json", target.LastContentType);
        Assert.Equal(7 * target.Invocations, target.BytesReceived);
        // The rule (AdHocLoad.RunAsync): every second the run lasted is reported once, in order, the last one partial.
        // A 1.5 s run that a busy host stretches past 2 s reports a third second, holding what completed in it.
        var lastSecond = (int)summary.DurationSeconds;
        Assert.True(
            seconds.Select(s => s.Second).SequenceEqual(Enumerable.Range(0, lastSecond + 1)),
            $"seconds {string.Join(",", seconds.Select(s => s.Second))} for a run of {summary.DurationSeconds} s");
        Assert.True(seconds.Count >= 2, $"a 1.5 s run reported {seconds.Count} second(s)");
        Assert.Equal(summary.Requests, seconds.Sum(s => s.Invocations));
    }

    [Fact]
    public async Task An_open_loop_sends_the_rate_for_the_duration()
    {
        await using var target = await TestTarget.StartAsync();
        var options = new AdHocLoadOptions(target.InvocationsUri) { Rate = 100, Duration = TimeSpan.FromSeconds(1) };

        var summary = await AdHocLoad.RunAsync(options, TimeProvider.System, null, CancellationToken.None);

        Assert.Equal(AdHocLoadSummary.OpenLoop, summary.Mode);
        Assert.Equal(100, summary.Requests);
        Assert.Equal(0, summary.Errors);
        Assert.Contains("\"rate\":100", summary.ToJson(), StringComparison.Ordinal);
        Assert.Equal(0, target.BytesReceived);
    }

    [Fact]
    public async Task Get_requests_are_sent_without_a_body()
    {
        await using var target = await TestTarget.StartAsync();
        var options = new AdHocLoadOptions(target.PingUri) { Method = "GET", Connections = 2, Duration = TimeSpan.FromMilliseconds(300) };

        var summary = await AdHocLoad.RunAsync(options, TimeProvider.System, null, CancellationToken.None);

        // A count, not a rate: a busy host may stall the first requests for most of the 300 ms.
        Assert.True(summary.Requests > 0);
        Assert.Equal(summary.Requests, target.Pings);
        Assert.Equal(0, summary.Errors);
    }

    [Fact]
    public async Task Cancelling_returns_a_summary_of_what_ran()
    {
        await using var target = await TestTarget.StartAsync(new() { ServiceTime = TimeSpan.FromMilliseconds(5) });
        using var cts = new CancellationTokenSource();
        var options = new AdHocLoadOptions(target.InvocationsUri) { Connections = 1, Duration = TimeSpan.FromMinutes(1) };

        var started = Stopwatch.GetTimestamp();
        var run = AdHocLoad.RunAsync(options, TimeProvider.System, null, cts.Token);
        // Cancelling aborts the request in flight, which is not counted; the one user sends its second request only
        // after it recorded its first, so a second arrival means one answered request the summary must hold.
        await Poll.UntilAsync(() => target.Invocations >= 2, TimeSpan.FromSeconds(30), "the second invocation");
        await cts.CancelAsync();
        // A minute's run returns long before its end: within 20 s, a bound no busy host reaches.
        var summary = await run.WaitAsync(TimeSpan.FromSeconds(20));
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;

        Assert.InRange(summary.Requests, 1, target.Invocations);
        Assert.InRange(summary.DurationSeconds, double.Epsilon, wall);
    }

    [Fact]
    public async Task A_dead_url_reports_connection_errors_and_no_latencies()
    {
        var options = new AdHocLoadOptions(TestTarget.ClosedPortUri()) { Connections = 2, Duration = TimeSpan.FromMilliseconds(300) };

        var summary = await AdHocLoad.RunAsync(options, TimeProvider.System, null, CancellationToken.None);

        Assert.True(summary.Requests > 0);
        Assert.Equal(summary.Requests, summary.Errors);
        Assert.Equal(summary.Requests, summary.ConnectionErrors);
        using var json = JsonDocument.Parse(summary.ToJson());
        Assert.Equal(0, json.RootElement.GetProperty("latency_ms").GetProperty("max").GetDouble());
        Assert.Equal(summary.Requests, json.RootElement.GetProperty("errors_by_outcome").GetProperty("connection_error").GetInt64());
    }

    [Fact]
    public void An_empty_summary_serializes_with_zeros()
    {
        var json = new AdHocLoadSummary { Mode = AdHocLoadSummary.ClosedLoop, Connections = 1 }.ToJson();

        Assert.StartsWith(
            "{\"requests\":0,\"errors\":0,\"duration_s\":0,\"rps\":0,\"latency_ms\":{\"p50\":0,\"p90\":0,\"p95\":0,\"p99\":0,\"p999\":0,\"max\":0},\"mode\":\"closed-loop\"",
            json,
            StringComparison.Ordinal);
    }

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so the list is complete on return.</summary>
    private sealed class SyncProgress(List<SecondBucket> seconds) : IProgress<SecondBucket>
    {
        public void Report(SecondBucket value) => seconds.Add(value);
    }
}
