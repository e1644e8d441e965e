using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Hosting;

/// <summary>kill -9 the real server during a job; the restarted server fails the job, keeps finished results, reaps the endpoint.</summary>
[Collection(TimingSensitive.Name)]
public sealed class CrashRecoveryTests
{
    private const string Interrupted = "interrupted: the RightSize server stopped during the job (finished tests' results are kept)";
    private static readonly string EndpointState = RightSize.Endpoints.StateFolder.Default;

    [Fact]
    public async Task A_killed_server_leaves_a_failed_job_with_finished_results_and_no_endpoint()
    {
        var folder = TestServer.NewFolder();
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        Process? server = null;
        try
        {
            server = Start(folder, url);
            using var api = new SageMakerHttp(url);
            await Poll.UntilAsync(() => RespondsAsync(api), TimeSpan.FromSeconds(30), "the server answers");
            var created = await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("crash-job", 6, "local.cpu1", "local.half"));
            Assert.Equal(HttpStatusCode.OK, created.Status);
            await Poll.UntilAsync(async () => (await api.StepsAsync("crash-job")).EnumerateArray().Select(s => s.GetProperty("Status").GetString())
                .SequenceEqual(["COMPLETED", "IN_PROGRESS"]), TimeSpan.FromSeconds(60), "test 1 COMPLETED and test 2 IN_PROGRESS");
            var endpoints = EndpointsOwnedBy(server.Id);
            Assert.NotEmpty(endpoints);

            server.Kill();
            await server.WaitForExitAsync();
            server.Dispose();
            server = Start(folder, url);
            await Poll.UntilAsync(() => RespondsAsync(api), TimeSpan.FromSeconds(30), "the restarted server answers");

            var describe = (await api.CallAsync("DescribeInferenceRecommendationsJob", """{"JobName": "crash-job"}""")).Body;
            Assert.Equal("FAILED", describe.GetProperty("Status").GetString());
            Assert.Equal(Interrupted, describe.GetProperty("FailureReason").GetString());
            Assert.Single(describe.GetProperty("InferenceRecommendations").EnumerateArray());
            var steps = (await api.StepsAsync("crash-job")).EnumerateArray().ToList();
            Assert.Equal("COMPLETED", steps[0].GetProperty("Status").GetString());
            Assert.True(steps[0].GetProperty("InferenceBenchmark").GetProperty("Metrics").GetProperty("MaxInvocations").GetInt64() > 0);
            Assert.Equal("FAILED", steps[1].GetProperty("Status").GetString());
            Assert.NotEqual("[]", await api.GetAsync("/api/jobs/crash-job/tests/0/windows"));
            Assert.All(endpoints, pid => Assert.False(IsRunning(pid), $"endpoint {pid} still runs"));
        }
        finally
        {
            if (server is not null)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                server.Dispose();
            }

            TestServer.DeleteFolder(folder);
        }
    }

    private static Process Start(string folder, string url)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rightsize.dll"), "serve", "--urls", url, "--data", Path.Combine(folder, "data"),
            "--workspace", Path.Combine(folder, "rightsize.json"), "--relaxed-validation" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> RespondsAsync(SageMakerHttp api)
    {
        try
        {
            return (await api.CallAsync("ListModels", "{}")).Status == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    // Pid files read "pid start owner ownerStart" (LocalProcessReaper).
    private static List<int> EndpointsOwnedBy(int owner) => [.. Directory.EnumerateFiles(EndpointState, "*.pid")
        .Select(f => File.ReadAllText(f).Split(' '))
        .Where(p => p.Length == 4 && p[2] == owner.ToString(CultureInfo.InvariantCulture))
        .Select(p => int.Parse(p[0], CultureInfo.InvariantCulture))];

    private static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
