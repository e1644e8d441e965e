using System.Net;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Hosting;

/// <summary>kill -9 the real server during a job; the restarted server fails the job, keeps finished results, reaps the endpoint.</summary>
[Collection(TimingSensitive.Name)]
public sealed class CrashRecoveryTests
{
    private const string Interrupted = "interrupted: the RightSize server stopped during the job (finished tests' results are kept)";

    [Fact]
    public async Task A_killed_server_leaves_a_failed_job_with_finished_results_and_no_endpoint()
    {
        var folder = TestServer.NewFolder();
        var url = ServerProcess.FreeUrl();
        try
        {
            List<int> endpoints;
            using var api = new SageMakerHttp(url);
            await using (var server = ServerProcess.Start(folder, url))
            {
                await Poll.UntilAsync(() => ServerProcess.RespondsAsync(api), TimeSpan.FromSeconds(30), "the server answers");
                var created = await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("crash-job", 6, "local.cpu1", "local.half"));
                Assert.Equal(HttpStatusCode.OK, created.Status);
                await Poll.UntilAsync(async () => (await api.StepsAsync("crash-job")).EnumerateArray().Select(s => s.GetProperty("Status").GetString())
                    .SequenceEqual(["COMPLETED", "IN_PROGRESS"]), TimeSpan.FromSeconds(60), "test 1 COMPLETED and test 2 IN_PROGRESS");
                // A test is IN_PROGRESS from the moment its endpoint starts to be made, before its process exists.
                await Poll.UntilAsync(() => Task.FromResult(server.Endpoints().Count > 0), TimeSpan.FromSeconds(30), "test 2's endpoint process");
                endpoints = server.Endpoints();
                await server.KillAsync();
            }

            await using var restarted = ServerProcess.Start(folder, url);
            await Poll.UntilAsync(() => ServerProcess.RespondsAsync(api), TimeSpan.FromSeconds(30), "the restarted server answers");

            var describe = (await api.CallAsync("DescribeInferenceRecommendationsJob", """{"JobName": "crash-job"}""")).Body;
            Assert.Equal("FAILED", describe.GetProperty("Status").GetString());
            Assert.Equal(Interrupted, describe.GetProperty("FailureReason").GetString());
            Assert.Single(describe.GetProperty("InferenceRecommendations").EnumerateArray());
            var steps = (await api.StepsAsync("crash-job")).EnumerateArray().ToList();
            Assert.Equal("COMPLETED", steps[0].GetProperty("Status").GetString());
            Assert.True(steps[0].GetProperty("InferenceBenchmark").GetProperty("Metrics").GetProperty("MaxInvocations").GetInt64() > 0);
            Assert.Equal("FAILED", steps[1].GetProperty("Status").GetString());
            Assert.NotEqual("[]", await api.GetAsync("/api/jobs/crash-job/tests/0/windows"));
            Assert.All(endpoints, pid => Assert.False(ServerProcess.IsRunning(pid), $"endpoint {pid} still runs"));
        }
        finally
        {
            TestServer.DeleteFolder(folder);
        }
    }
}
