using System.Net;
using System.Text.Json;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.ReadApi;

/// <summary>Environment parameter ranges and parallel tests through the API, then the dashboard's read API on the result.</summary>
[Collection(TimingSensitive.Name)]
public sealed class ReadApiTests
{
    [Fact]
    public async Task Parameter_ranges_make_parallel_tests_and_the_read_api_shows_jobs_tests_and_windows()
    {
        await using var server = await TestServer.StartAsync();
        using var api = new SageMakerHttp(server.Url);
        var request = TestJobs.Request("ranges-job", 3)
            .Replace("\"MaxParallelOfTests\": 1", "\"MaxParallelOfTests\": 2", StringComparison.Ordinal)
            .Replace("{\"InstanceType\": \"local.cpu1\"}",
                """{"InstanceType": "local.cpu1", "EnvironmentParameterRanges": {"CategoricalParameterRanges": [{"Name": "OMP_NUM_THREADS", "Value": ["1", "2"]}]}}""",
                StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("CreateInferenceRecommendationsJob", request)).Status);
        // MaxParallelOfTests 2: both tests are in progress at once at some point (one at a time never shows 2). Their
        // invocation times need not overlap: on a busy host one endpoint can take seconds longer to start.
        var mostAtOnce = 0;
        await Poll.UntilAsync(async () =>
        {
            var inProgress = (await api.StepsAsync("ranges-job")).EnumerateArray().Count(s => s.GetProperty("Status").GetString() == "IN_PROGRESS");
            mostAtOnce = Math.Max(mostAtOnce, inProgress);
            return await api.StatusAsync("ranges-job") == "COMPLETED";
        }, TimeSpan.FromSeconds(60), "ranges-job COMPLETED");
        Assert.Equal(2, mostAtOnce);

        var steps = (await api.StepsAsync("ranges-job")).EnumerateArray().ToList();
        Assert.Equal(["1", "2"], steps.Select(s => s.GetProperty("InferenceBenchmark").GetProperty("ModelConfiguration")
            .GetProperty("EnvironmentParameters")[0].GetProperty("Value").GetString()));

        using var jobs = JsonDocument.Parse(await api.GetAsync("/api/jobs"));
        Assert.Equal("ranges-job", jobs.RootElement[0].GetProperty("JobName").GetString());
        using var job = JsonDocument.Parse(await api.GetAsync("/api/jobs/ranges-job"));
        Assert.Equal("COMPLETED", job.RootElement.GetProperty("Status").GetString());
        using var tests = JsonDocument.Parse(await api.GetAsync("/api/jobs/ranges-job/tests"));
        Assert.Equal(2, tests.RootElement.GetArrayLength());
        using var windows = JsonDocument.Parse(await api.GetAsync("/api/jobs/ranges-job/tests/1/windows"));
        Assert.True(windows.RootElement.GetArrayLength() >= 2);
        Assert.True(windows.RootElement.EnumerateArray().Sum(w => w.GetProperty("Invocations").GetInt64()) > 0);
        // STAIRS of 2 and 4 users: every window's time-weighted mean users lies between none and 4.
        Assert.All(windows.RootElement.EnumerateArray(), w => Assert.InRange(w.GetProperty("MeanUsers").GetDouble(), 0.1, 4));
        var peak = tests.RootElement[1].GetProperty("PeakWindowEndSecond").GetInt32();
        Assert.Contains(peak, windows.RootElement.EnumerateArray().Select(w => w.GetProperty("EndSecond").GetInt32()));

        using var http = new HttpClient { BaseAddress = server.Address };
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/jobs/nope/tests/0/windows")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/jobs/ranges-job/tests/7/windows")).StatusCode);
    }

    [Fact]
    public async Task An_emulated_test_is_marked_in_the_read_api_while_the_SageMaker_responses_keep_their_shape()
    {
        await using var server = await TestServer.StartAsync();
        using var api = new SageMakerHttp(server.Url);
        var request = TestJobs.Request("emulated-job", 2, "local.cpu8")
            .Replace("\"Tags\": [", "\"Tags\": [{\"Key\": \"rightsize:emulate-proportional\", \"Value\": \"true\"}, ", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("CreateInferenceRecommendationsJob", request)).Status);
        await Poll.UntilAsync(async () => await api.StatusAsync("emulated-job") is "COMPLETED" or "FAILED", TimeSpan.FromSeconds(60), "emulated-job finished");

        using var tests = JsonDocument.Parse(await api.GetAsync("/api/jobs/emulated-job/tests"));
        var caveats = tests.RootElement[0].GetProperty("Caveats").EnumerateArray()
            .Select(c => (Kind: c.GetProperty("Kind").GetString(), Detail: c.GetProperty("Detail").GetString()!)).ToList();
        Assert.Contains(caveats, c => c.Kind == "emulated" && c.Detail.StartsWith("emulated at factor", StringComparison.Ordinal)
            && c.Detail.Contains("local.cpu8's 8 vCPUs", StringComparison.Ordinal));
        Assert.Contains(caveats, c => c.Kind == "price-unverified");
        Assert.Equal("COMPLETED", await api.StatusAsync("emulated-job"));
        // The SageMaker shapes carry no caveat members (botocore would reject them); the read API is where they live.
        var (_, describe) = await api.CallAsync("DescribeInferenceRecommendationsJob", """{"JobName": "emulated-job"}""");
        Assert.DoesNotContain("Caveat", describe.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Caveat", (await api.StepsAsync("emulated-job")).ToString(), StringComparison.Ordinal);
    }
}
