using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api.Generative;

/// <summary>
/// boto3 runs SageMaker's AI benchmark API against a real server, botocore validating every response: a workload
/// config, a benchmark job on a builtin:llm-synthetic model to Completed, a stopped job, list pages, and bad input.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class AiBenchmarkBoto3Tests
{
    internal const string Workspace = """
        {
          "ObjectRoot": "objects",
          "Models": [
            {
              "ModelName": "llm",
              "PrimaryContainer": {
                "Image": "builtin:llm-synthetic",
                "Environment": { "RIGHTSIZE_LLM_PREFILL_MS_PER_TOKEN": "0.02", "RIGHTSIZE_LLM_DECODE_STEP_MS": "2" }
              }
            }
          ],
          "InstanceTypes": [ { "InstanceType": "ml.g6.xlarge", "VCpus": 4, "MemoryGiB": 16, "PricePerHour": 0.8048 } ]
        }
        """;

    private const string Script = """
        import json, sys, time
        import boto3
        from botocore.config import Config
        from botocore.validate import ParamValidator

        url = sys.argv[1]
        role = "arn:aws:iam::123456789012:role/RightSize"
        sm = boto3.client("sagemaker", endpoint_url=url, region_name="us-east-1", config=Config(retries={"max_attempts": 1}))
        model = sm.meta.service_model

        def check(operation, response):
            shape = model.operation_model(operation).output_shape
            body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
            report = ParamValidator().validate(body, shape)
            if report.has_errors():
                raise SystemExit(f"{operation}: {report.generate_report()}")
            return response

        def rejected(call, *expected):
            try:
                call()
            except sm.exceptions.ClientError as e:
                message = e.response["Error"]["Message"]
                assert e.response["Error"]["Code"] == "ValidationException", e.response
                for part in expected:
                    assert part in message, (part, message)
                return
            raise SystemExit(f"expected a ValidationException naming {expected}")

        spec = "benchmark:\n  type: aiperf\nparameters:\n  concurrency: [1, 4]\n  request_count: 8\n  isl: 40\n  osl: 12\n"
        arn = check("CreateAIWorkloadConfig", sm.create_ai_workload_config(
            AIWorkloadConfigName="chat", AIWorkloadConfigs={"WorkloadSpec": {"Inline": spec}}))["AIWorkloadConfigArn"]
        assert arn == "arn:aws:sagemaker:us-east-1:000000000000:ai-workload-config/chat", arn
        described = check("DescribeAIWorkloadConfig", sm.describe_ai_workload_config(AIWorkloadConfigName="chat"))
        assert described["AIWorkloadConfigs"]["WorkloadSpec"]["Inline"] == spec

        job = check("CreateAIBenchmarkJob", sm.create_ai_benchmark_job(
            AIBenchmarkJobName="bench", BenchmarkTarget={"Endpoint": {"Identifier": "llm"}},
            OutputConfig={"S3OutputLocation": "s3://bucket/results/"}, AIWorkloadConfigIdentifier=arn, RoleArn=role))

        long = "benchmark:\n  type: aiperf\nparameters:\n  concurrency: 2\n  benchmark_duration: 60\n  isl: 40\n  osl: 200\n"
        check("CreateAIWorkloadConfig", sm.create_ai_workload_config(AIWorkloadConfigName="long", AIWorkloadConfigs={"WorkloadSpec": {"Inline": long}}))
        check("CreateAIBenchmarkJob", sm.create_ai_benchmark_job(
            AIBenchmarkJobName="stopped", BenchmarkTarget={"Endpoint": {"Identifier": "llm"}},
            OutputConfig={"S3OutputLocation": "s3://bucket/results/"}, AIWorkloadConfigIdentifier="long", RoleArn=role))

        def wait(name, states):
            deadline = time.time() + 90
            while True:
                d = check("DescribeAIBenchmarkJob", sm.describe_ai_benchmark_job(AIBenchmarkJobName=name))
                if d["AIBenchmarkJobStatus"] in states or time.time() > deadline:
                    return d
                time.sleep(0.3)

        done = wait("bench", ("Completed", "Failed", "Stopped"))
        assert done["AIBenchmarkJobStatus"] == "Completed", done
        assert done["StartTime"] <= done["EndTime"]

        # The second job starts after the first (one at a time); stop it once it runs.
        assert wait("stopped", ("InProgress",))["AIBenchmarkJobStatus"] == "InProgress"
        for call in (lambda: sm.delete_ai_workload_config(AIWorkloadConfigName="long"), lambda: sm.delete_ai_benchmark_job(AIBenchmarkJobName="stopped")):
            try:
                call()
                raise SystemExit("expected ResourceInUse while the job runs")
            except sm.exceptions.ResourceInUse:
                pass
        check("StopAIBenchmarkJob", sm.stop_ai_benchmark_job(AIBenchmarkJobName="stopped"))
        stopped = wait("stopped", ("Stopped", "Completed", "Failed"))
        assert stopped["AIBenchmarkJobStatus"] == "Stopped", stopped
        check("DeleteAIBenchmarkJob", sm.delete_ai_benchmark_job(AIBenchmarkJobName="stopped"))

        listed = check("ListAIBenchmarkJobs", sm.list_ai_benchmark_jobs(StatusEquals="Completed"))["AIBenchmarkJobs"]
        assert [j["AIBenchmarkJobName"] for j in listed] == ["bench"] and listed[0]["AIWorkloadConfigName"] == "chat", listed
        first = check("ListAIWorkloadConfigs", sm.list_ai_workload_configs(MaxResults=1, SortBy="Name", SortOrder="Ascending"))
        second = check("ListAIWorkloadConfigs", sm.list_ai_workload_configs(MaxResults=1, SortBy="Name", SortOrder="Ascending", NextToken=first["NextToken"]))
        assert [c["AIWorkloadConfigName"] for c in first["AIWorkloadConfigs"] + second["AIWorkloadConfigs"]] == ["chat", "long"], (first, second)
        assert "NextToken" not in second, second

        rejected(lambda: sm.create_ai_workload_config(AIWorkloadConfigName="bad", AIWorkloadConfigs={"WorkloadSpec": {"Inline":
            "benchmark:\n  type: aiperf\nparameters:\n  bogus_knob: 1\n  prompt_input_tokens_stddev: -5\n"}}),
            "parameters.bogus_knob", "parameters.prompt_input_tokens_stddev")
        rejected(lambda: sm.create_ai_workload_config(AIWorkloadConfigName="broken",
            DatasetConfig={"InputDataConfig": [{"ChannelName": "dataset", "DataSource": {"S3DataSource": {"S3Uri": "s3://bucket/broken/"}}}]},
            AIWorkloadConfigs={"WorkloadSpec": {"Inline": "benchmark:\n  type: aiperf\n"}}), "line 2")
        try:
            sm.describe_ai_benchmark_job(AIBenchmarkJobName="missing")
            raise SystemExit("expected ResourceNotFound")
        except sm.exceptions.ResourceNotFound:
            pass
        try:
            sm.create_ai_workload_config(AIWorkloadConfigName="chat", AIWorkloadConfigs={"WorkloadSpec": {"Inline": spec}})
            raise SystemExit("expected ResourceInUse")
        except sm.exceptions.ResourceInUse:
            pass
        print(done["AIBenchmarkJobArn"])
        """;

    [Fact]
    public async Task A_boto3_script_benchmarks_an_llm_synthetic_model_into_an_aiperf_archive_and_stops_lists_and_rejects_as_SageMaker()
    {
        await using var server = await TestServer.StartAsync(workspace: Workspace, prepare: data =>
        {
            var broken = Path.Combine(Path.GetDirectoryName(data)!, "objects", "bucket", "broken");
            Directory.CreateDirectory(broken);
            return File.WriteAllTextAsync(Path.Combine(broken, "prompts.jsonl"), "{\"text\": \"hello\"}\n{\"text\": \"hi\", \"image\": \"x\"}\n");
        });
        var script = Path.Combine(server.Folder, "ai_benchmark.py");
        await File.WriteAllTextAsync(script, Script);

        var run = await AwsCli.RunAsync([script, server.Url], "any", "credentials", "python3");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:ai-benchmark-job/bench", run.Stdout.Trim());
        var entries = await ReadArchiveAsync(Path.Combine(server.Folder, "objects", "bucket", "results", "bench", "output", "output.tar.gz"));
        Assert.Contains("report.md", entries.Keys);
        foreach (var level in (int[])[1, 4])
        {
            using var export = JsonDocument.Parse(entries[$"concurrency_{level}/profile_export_aiperf.json"]);
            var root = export.RootElement;
            Assert.Equal(8, root.GetProperty("request_count").GetProperty("avg").GetDouble());
            Assert.Equal(0, root.GetProperty("error_request_count").GetProperty("avg").GetDouble());
            foreach (var tag in (string[])["time_to_first_token", "inter_token_latency", "request_latency", "output_sequence_length"])
            {
                var block = root.GetProperty(tag);
                Assert.True(block.GetProperty("p50").GetDouble() > 0, tag);
                Assert.Equal(8, block.GetProperty("count").GetInt32());
            }

            Assert.Equal(12, root.GetProperty("output_sequence_length").GetProperty("avg").GetDouble());
            Assert.StartsWith("Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std", entries[$"concurrency_{level}/profile_export_aiperf.csv"], StringComparison.Ordinal);
        }

        using var sweep = JsonDocument.Parse(entries["sweep_aggregate/profile_export_aiperf_sweep.json"]);
        Assert.Equal("sweep", sweep.RootElement.GetProperty("aggregation_type").GetString());
        Assert.Equal(2, sweep.RootElement.GetProperty("per_combination_metrics").GetArrayLength());
    }

    internal static async Task<Dictionary<string, string>> ReadArchiveAsync(string path)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            if (entry.DataStream is { } data)
            {
                using var reader = new StreamReader(data);
                entries[entry.Name.TrimStart('.', '/')] = await reader.ReadToEndAsync();
            }
        }

        return entries;
    }
}
