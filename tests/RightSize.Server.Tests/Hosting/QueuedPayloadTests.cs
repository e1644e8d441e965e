using System.Net;
using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using RightSize.Server.Hosting;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Hosting;

/// <summary>A waiting job's payloads wait on disk in the server's own folder, not in memory, and come back when it runs.</summary>
[Collection(TimingSensitive.Name)]
[SupportedOSPlatform("linux")]
public sealed class QueuedPayloadTests
{
    private const int SampleBytes = 256 * 1024;

    [Fact]
    public async Task A_waiting_job_keeps_its_payloads_in_the_queue_folder_and_runs_with_them()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxConcurrentJobs = 1 });
        var samples = Path.Combine(server.Folder, "samples");
        Directory.CreateDirectory(samples);
        for (var i = 0; i < 4; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(samples, $"{i}.csv"), string.Join('\n', Enumerable.Repeat("0.5,1.5,2.5,3.5", SampleBytes / 16)));
        }

        var queue = Path.Combine(server.Folder, "data", "queue");
        using var api = new SageMakerHttp(server.Url);
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("holder", 60))).Status);
        await Poll.UntilAsync(async () => await api.StatusAsync("holder") == "IN_PROGRESS", TimeSpan.FromSeconds(30), "holder IN_PROGRESS");
        var waiting = TestJobs.Request("waiting", 2).Replace(
            "\"ModelName\": \"synthetic\",", $"\"ModelName\": \"synthetic\", \"ContainerConfig\": {{\"PayloadConfig\": {{\"SamplePayloadUrl\": \"file://{samples}\"}}}},",
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("CreateInferenceRecommendationsJob", waiting)).Status);

        Assert.Equal("PENDING", await api.StatusAsync("waiting"));
        var spooled = Assert.Single(Directory.GetFiles(queue));
        Assert.True(new FileInfo(spooled).Length > 4 * SampleBytes - 4096, $"{new FileInfo(spooled).Length} bytes on disk");
        Assert.Empty(server.Server.Services.GetRequiredService<JobHost>().Live("waiting")!.Record.Plan.Payloads);

        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("StopInferenceRecommendationsJob", """{"JobName": "holder"}""")).Status);
        await Poll.UntilAsync(async () => await api.StatusAsync("waiting") is "COMPLETED" or "FAILED", TimeSpan.FromSeconds(60), "waiting finished");

        var step = (await api.StepsAsync("waiting"))[0];
        Assert.True(await api.StatusAsync("waiting") == "COMPLETED", step.ToString());
        Assert.True(step.GetProperty("InferenceBenchmark").GetProperty("Metrics").GetProperty("MaxInvocations").GetInt32() > 0, step.ToString());
        Assert.Empty(Directory.GetFiles(queue));
    }

    [Fact]
    public async Task A_restart_deletes_what_the_queue_left_and_an_open_queue_folder_is_refused()
    {
        var data = Path.Combine(TestServer.NewFolder(), "data");
        var queue = Path.Combine(data, "queue");
        await using (await TestServer.StartAsync(o => o with { DataDirectory = data }))
        {
            await File.WriteAllBytesAsync(Path.Combine(queue, "left-by-a-killed-server.payloads"), new byte[16]);
        }

        await using (await TestServer.StartAsync(o => o with { DataDirectory = data }))
        {
            Assert.Empty(Directory.GetFiles(queue));
        }

        File.SetUnixFileMode(queue, (UnixFileMode)0x1FF);
        var refused = await ServerHost.StartAsync(new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            WorkingDirectory = Path.GetDirectoryName(data)!,
            DataDirectory = data,
            EndpointStateDirectory = Path.Combine(Path.GetDirectoryName(data)!, "endpoints"),
        });
        Assert.False(refused.Succeeded);
        Assert.Contains(refused.Errors, e => e.Path == "--data" && e.Message.Contains("queued-payload folder", StringComparison.Ordinal)
            && e.Message.Contains("open to other users", StringComparison.Ordinal));
        TestServer.DeleteFolder(Path.GetDirectoryName(data)!);
    }
}
