using System.Net;
using System.Text.Json;
using OpenQA.Selenium;
using RightSize.Jobs;
using RightSize.Server.Storage;
using RightSize.Server.Tests.Infrastructure;
using RightSize.Windows;

namespace RightSize.Server.Tests.Dashboard;

/// <summary>
/// The autoscaling page's simulation: the job's scaling policy played on rise-and-fall traffic by the server, with
/// latency from the recommendation's own measured windows (seeded here, so every modeled latency can be checked).
/// </summary>
public sealed class DashboardSimulationTests
{
    private const string JobName = "scaled";

    /// <summary>Per-instance invocations per minute measured by the test, with P95 ms (P99 is twice it).</summary>
    private static readonly (int Load, double P95)[] Measured = [(300, 10), (600, 12), (900, 20), (1200, 50)];

    [Fact]
    public async Task The_simulation_plays_the_recommended_policy_with_the_measured_latency()
    {
        await using var server = await TestServer.StartAsync(prepare: SeedAsync);
        using var http = new HttpClient { BaseAddress = server.Dashboard };
        var csrf = JsonDocument.Parse(await http.GetStringAsync("/api/session")).RootElement.GetProperty("Csrf").GetString();
        using var ask = new HttpRequestMessage(HttpMethod.Post, "/api/scaling") { Content = new StringContent($$"""{"InferenceRecommendationsJobName": "{{JobName}}"}""") };
        ask.Headers.Add("X-RightSize-Csrf", csrf);
        var policy = JsonDocument.Parse(await (await http.SendAsync(ask)).Content.ReadAsStringAsync()).RootElement;
        var target = policy.GetProperty("Metric").GetProperty("InvocationsPerInstance").GetDouble();
        var maxCapacity = policy.GetProperty("DynamicScalingConfiguration").GetProperty("MaxCapacity").GetInt32();

        var answer = await http.GetAsync($"/api/jobs/{JobName}/simulation?Minutes=40");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, body.GetProperty("TestIndex").GetInt32());
        Assert.Contains("modeled, not run", body.GetProperty("Note").GetString(), StringComparison.Ordinal);
        var simulation = body.GetProperty("Simulation");
        Assert.Equal(target, simulation.GetProperty("Settings").GetProperty("TargetValue").GetDouble());
        var minutes = simulation.GetProperty("Minutes").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 40), minutes.Select(m => m.GetProperty("Minute").GetInt32()));
        // The default peak needs more than one instance at the target: it scales out, never past the policy's
        // maximum, and back in once the traffic falls.
        var instances = minutes.Select(m => m.GetProperty("Instances").GetInt32()).ToList();
        Assert.Equal(1, instances[0]);
        Assert.Equal(maxCapacity, instances.Max());
        Assert.True(instances[^1] < instances.Max(), $"instances per minute: {string.Join(",", instances)}");
        foreach (var m in minutes)
        {
            var load = m.GetProperty("InvocationsPerInstance").GetDouble();
            Assert.Equal(Math.Round(m.GetProperty("OfferedInvocationsPerMinute").GetDouble() / m.GetProperty("Instances").GetInt32(), 1), load, 0.11);
            Assert.False(m.GetProperty("BeyondMeasured").GetBoolean());
            Assert.Equal(Expected(load), m.GetProperty("P95Ms").GetDouble(), 0.01);
            Assert.Equal(2 * Expected(load), m.GetProperty("P99Ms").GetDouble(), 0.02);
        }

        // A peak that two instances cannot hold within what the test measured: those minutes have no latency.
        var hot = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{JobName}/simulation?Minutes=20&PeakInvocationsPerMinute=5000")).RootElement.GetProperty("Simulation");
        var beyond = hot.GetProperty("Minutes").EnumerateArray().Where(m => m.GetProperty("BeyondMeasured").GetBoolean()).ToList();
        Assert.NotEmpty(beyond);
        Assert.All(beyond, m => Assert.True(m.GetProperty("InvocationsPerInstance").GetDouble() > 1200));
        Assert.All(beyond, m => Assert.False(m.TryGetProperty("P95Ms", out _))); // null: not written
        Assert.Contains("beyond what the test measured", hot.GetProperty("Summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_simulation_inputs_get_400_naming_every_field()
    {
        await using var server = await TestServer.StartAsync(prepare: SeedAsync);
        using var http = new HttpClient { BaseAddress = server.Dashboard };
        var answer = await http.GetAsync($"/api/jobs/{JobName}/simulation?Minutes=100000&TargetCpuUtilizationPerCore=0&PeakInvocationsPerMinute=abc&LatencyThresholdMs=-1&MaxInvocationsPerMinute=0");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var message = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString()!;
        foreach (var field in new[] { "Minutes", "TargetCpuUtilizationPerCore", "PeakInvocationsPerMinute", "LatencyThresholdMs", "MaxInvocationsPerMinute" })
        {
            Assert.Contains($"{field}: ", message, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/jobs/no-such-job/simulation")).StatusCode);
    }

    [Fact]
    public async Task The_autoscaling_page_charts_the_simulated_minutes()
    {
        await using var server = await TestServer.StartAsync(prepare: SeedAsync);
        using var http = new HttpClient { BaseAddress = server.Dashboard };
        var expected = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{JobName}/simulation?Minutes=30&RecommendationId={JobName}/1&TargetCpuUtilizationPerCore=50&LatencyThresholdMs=500"))
            .RootElement.GetProperty("Simulation");
        using var browser = Browser.Start();
        await browser.RunAsync(nameof(The_autoscaling_page_charts_the_simulated_minutes), async () =>
        {
            browser.Open(server.Dashboard, $"#/autoscaling/{JobName}");
            await browser.UntilAsync(() => browser.Find("#simulation-instances path.line") is not null, TimeSpan.FromSeconds(15), "the simulation charts");
            Assert.Equal(expected.GetProperty("Summary").GetString(), browser.Text("#simulation-summary"));
            // One vertex per simulated minute in each series that has a value every minute.
            foreach (var chart in new[] { "#simulation-instances", "#simulation-load", "#simulation-latency" })
            {
                var first = browser.Find($"{chart} path.line.s0")!.GetAttribute("d") ?? string.Empty;
                Assert.Equal(30, first.Count(c => c is 'M' or 'L'));
            }

            var legend = browser.Driver.FindElements(By.CssSelector("#simulation-instances .legend li")).Select(e => e.Text).ToList();
            Assert.Equal(["in service", "desired"], legend);
            Assert.Contains("scaled out to 2 instances", browser.Text("#simulation-summary"), StringComparison.Ordinal);

        });
    }

    private static double Expected(double load)
    {
        if (load <= Measured[0].Load)
        {
            return Measured[0].P95;
        }

        var i = Array.FindIndex(Measured, m => m.Load >= load);
        var (a, b) = (Measured[i - 1], Measured[i]);
        return a.P95 + ((load - a.Load) / (b.Load - a.Load) * (b.P95 - a.P95));
    }

    /// <summary>A completed job whose one recommendation (1,200 invocations/min on one instance, CPU not measured) has a test with four full windows.</summary>
    private static async Task SeedAsync(string data)
    {
        await using var store = await DashboardListTests.OpenAsync(data);
        var created = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);
        await store.AddJobAsync(DashboardListTests.Job(JobName, "COMPLETED", created, $$$"""
            , "InferenceRecommendations": [{"RecommendationId": "{{{JobName}}}/1",
                "Metrics": {"CostPerHour": 0.1, "CostPerInference": 0.000001, "MaxInvocations": 1200, "ModelLatency": 20000},
                "EndpointConfiguration": {"EndpointName": "{{{JobName}}}-1", "VariantName": "AllTraffic", "InstanceType": "local.cpu1", "InitialInstanceCount": 1},
                "ModelConfiguration": {}}]
            """), CancellationToken.None);
        await store.SaveTestAsync(new StoredTest
        {
            JobName = JobName,
            TestIndex = 0,
            Status = RecommendationStatus.Completed,
            EndpointName = $"{JobName}-1",
            InstanceType = "local.cpu1",
            StopReason = "TrafficPatternCompleted",
            MaxInvocations = 1200,
            ModelLatencyMicroseconds = 20_000,
            CostPerHour = 0.1,
            CostPerInference = 0.000001,
        }, CancellationToken.None);
        await store.AddWindowsAsync([.. Measured.Select((m, i) => new StoredWindow(JobName, 0, new WindowStats
        {
            EndSecond = 60 * (i + 1), LengthSeconds = 60, IsFull = true, Users = i + 1, Invocations = m.Load,
            ClientErrors = 0, ServerErrors = 0, Timeouts = 0, ConnectionErrors = 0,
            P50Ms = m.P95 / 2, P90Ms = m.P95, P95Ms = m.P95, P99Ms = 2 * m.P95, P999Ms = 2 * m.P95, MaxMs = 2 * m.P95,
        }))], CancellationToken.None);
    }
}
