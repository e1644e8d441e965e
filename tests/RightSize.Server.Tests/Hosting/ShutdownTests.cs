using System.Net;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Hosting;

/// <summary>SIGTERM to the real server during a job: the job ends STOPPED with its rows written, its endpoint is gone, exit code 0.</summary>
[Collection(TimingSensitive.Name)]
public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_stops_the_running_job_writes_its_results_and_exits_cleanly()
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
                var created = await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("sigterm-job", 60, "local.cpu1", "local.half"));
                Assert.Equal(HttpStatusCode.OK, created.Status);
                await Poll.UntilAsync(async () => await api.GetAsync("/api/jobs/sigterm-job/tests/0/windows") != "[]",
                    TimeSpan.FromSeconds(60), "test 1 has windows in the store");
                endpoints = server.Endpoints();
                Assert.NotEmpty(endpoints);

                var exit = await server.TerminateAsync(TimeSpan.FromSeconds(60));

                Assert.True(exit == 0, server.Output);
                Assert.Contains("stopping: running jobs become STOPPED", server.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
                // Gone after the stop itself, not reaped by the next start.
                Assert.All(endpoints, pid => Assert.False(ServerProcess.IsRunning(pid), $"endpoint {pid} still runs after SIGTERM"));
            }

            await using var restarted = ServerProcess.Start(folder, url);
            await Poll.UntilAsync(() => ServerProcess.RespondsAsync(api), TimeSpan.FromSeconds(30), "the restarted server answers");

            Assert.DoesNotContain("recovered from an earlier stop", restarted.Output, StringComparison.Ordinal);
            var describe = (await api.CallAsync("DescribeInferenceRecommendationsJob", """{"JobName": "sigterm-job"}""")).Body;
            Assert.Equal("STOPPED", describe.GetProperty("Status").GetString());
            var steps = (await api.StepsAsync("sigterm-job")).EnumerateArray().Select(s => s.GetProperty("Status").GetString()).ToList();
            Assert.Equal(["STOPPED", "STOPPED"], steps);
            Assert.NotEqual("[]", await api.GetAsync("/api/jobs/sigterm-job/tests/0/windows"));
        }
        finally
        {
            TestServer.DeleteFolder(folder);
        }
    }
}
