using System.Net;
using System.Text.Json;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api.Generative;

/// <summary>An AI benchmark job on a workspace endpoint: an LLM server that already runs, spoken to in the protocol its URL names.</summary>
[Collection(TimingSensitive.Name)]
public sealed class AiBenchmarkEndpointTests
{
    [Fact]
    public async Task A_benchmark_job_on_a_running_workspace_endpoint_streams_openai_completions_and_packs_one_pass_at_the_archive_root()
    {
        await using var llm = await RunningLlmServer.StartAsync(new Dictionary<string, string> { ["RIGHTSIZE_LLM_DECODE_STEP_MS"] = "2" });
        await BenchmarkAsync(llm.Url("/v1/completions"));
    }

    private static async Task BenchmarkAsync(Uri url)
    {
        var workspace = $$"""{"ObjectRoot": "objects", "Endpoints": [{"EndpointName": "running", "Url": "{{url}}"}]}""";
        await using var server = await TestServer.StartAsync(workspace: workspace,
            prepare: data => Task.FromResult(Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(data)!, "objects"))));
        using var api = new SageMakerHttp(server.Url);

        var config = await api.CallAsync("CreateAIWorkloadConfig", """
            {"AIWorkloadConfigName": "one", "AIWorkloadConfigs": {"WorkloadSpec": {"Inline": "{\"benchmark\": {\"type\": \"aiperf\"}, \"parameters\": {\"concurrency\": 3, \"request_count\": 6, \"isl\": 30, \"osl\": 10}}"}}}
            """);
        Assert.True(config.Status == HttpStatusCode.OK, config.Body.ToString());
        var job = await api.CallAsync("CreateAIBenchmarkJob", $$$"""
            {"AIBenchmarkJobName": "on-running", "BenchmarkTarget": {"Endpoint": {"Identifier": "arn:aws:sagemaker:us-east-1:000000000000:endpoint/running"}},
             "OutputConfig": {"S3OutputLocation": "s3://bucket/out"}, "AIWorkloadConfigIdentifier": "one", "RoleArn": "{{{TestJobs.RoleArn}}}"}
            """);
        Assert.True(job.Status == HttpStatusCode.OK, job.Body.ToString());

        JsonElement describe = default;
        await Poll.UntilAsync(async () =>
        {
            describe = (await api.CallAsync("DescribeAIBenchmarkJob", """{"AIBenchmarkJobName": "on-running"}""")).Body;
            return describe.GetProperty("AIBenchmarkJobStatus").GetString() is "Completed" or "Failed" or "Stopped";
        }, TimeSpan.FromSeconds(60), "the benchmark job ended");

        Assert.True(describe.GetProperty("AIBenchmarkJobStatus").GetString() == "Completed", describe.ToString());
        var entries = await AiBenchmarkBoto3Tests.ReadArchiveAsync(Path.Combine(server.Folder, "objects", "bucket", "out", "on-running", "output", "output.tar.gz"));
        using var export = JsonDocument.Parse(entries["profile_export_aiperf.json"]);
        Assert.Equal(6, export.RootElement.GetProperty("request_count").GetProperty("avg").GetDouble());
        Assert.Equal(10, export.RootElement.GetProperty("output_sequence_length").GetProperty("avg").GetDouble());
        Assert.Contains("(openai-completions, streaming)", entries["report.md"], StringComparison.Ordinal);
        Assert.Contains("no cost per token", entries["report.md"], StringComparison.Ordinal);
        var deleted = await api.CallAsync("DeleteAIBenchmarkJob", """{"AIBenchmarkJobName": "on-running"}""");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("ResourceNotFound", (await api.CallAsync("DescribeAIBenchmarkJob", """{"AIBenchmarkJobName": "on-running"}""")).Body.GetProperty("__type").GetString());
    }
}
