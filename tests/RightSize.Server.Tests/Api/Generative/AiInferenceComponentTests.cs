using System.Text.Json;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api.Generative;

/// <summary>
/// boto3 benchmarks inference components on a running LLM server that hosts ic-a and ic-b: the workspace endpoint's own
/// component, a job's components spread round robin (one of them unknown), and a job on an unknown one.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class AiInferenceComponentTests
{
    private const string Script = """
        import json, sys, time
        import boto3
        from botocore.config import Config
        from botocore.validate import ParamValidator

        sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1", config=Config(retries={"max_attempts": 1}))

        def check(operation, response):
            body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
            report = ParamValidator().validate(body, sm.meta.service_model.operation_model(operation).output_shape)
            if report.has_errors():
                raise SystemExit(f"{operation}: {report.generate_report()}")
            return response

        spec = "benchmark: {type: aiperf}\nparameters: {concurrency: 2, request_count: 8, isl: 20, osl: 4}\n"
        check("CreateAIWorkloadConfig", sm.create_ai_workload_config(AIWorkloadConfigName="w", AIWorkloadConfigs={"WorkloadSpec": {"Inline": spec}}))
        targets = {
            "workspace": {"Identifier": "llm"},
            "spread": {"Identifier": "llm", "InferenceComponents": [
                {"Identifier": "ic-b"}, {"Identifier": "arn:aws:sagemaker:us-east-1:000000000000:inference-component/ic-x"}]},
            "unknown": {"Identifier": "llm", "InferenceComponents": [{"Identifier": "ic-x"}]},
        }
        for name, target in targets.items():
            check("CreateAIBenchmarkJob", sm.create_ai_benchmark_job(AIBenchmarkJobName=name, BenchmarkTarget={"Endpoint": target},
                OutputConfig={"S3OutputLocation": "s3://bucket/out/"}, AIWorkloadConfigIdentifier="w", RoleArn="arn:aws:iam::123456789012:role/RightSize"))
        ended = {}
        for name in targets:
            deadline = time.time() + 120
            while True:
                d = check("DescribeAIBenchmarkJob", sm.describe_ai_benchmark_job(AIBenchmarkJobName=name))
                if d["AIBenchmarkJobStatus"] in ("Completed", "Failed", "Stopped") or time.time() > deadline:
                    break
                time.sleep(0.3)
            ended[name] = {"status": d["AIBenchmarkJobStatus"], "reason": d.get("FailureReason", ""),
                           "components": [c["Identifier"] for c in d["BenchmarkTarget"]["Endpoint"].get("InferenceComponents", [])]}
        print(json.dumps(ended))
        """;

    [Fact]
    public async Task Benchmark_jobs_send_the_inference_component_header_round_robin_and_an_unknown_component_fails_with_SageMakers_error()
    {
        // Starting it checks a first invocation, which names the first hosted component as the endpoint's requests do.
        await using var llm = await RunningLlmServer.StartAsync(new Dictionary<string, string>
        {
            ["RIGHTSIZE_LLM_DECODE_STEP_MS"] = "1",
            ["RIGHTSIZE_LLM_INFERENCE_COMPONENTS"] = "ic-a,ic-b",
        });
        await BenchmarkAsync(llm.Url("/v1/chat/completions"));
    }

    private static async Task BenchmarkAsync(Uri url)
    {
        var workspace = $$"""{"ObjectRoot": "objects", "Endpoints": [{"EndpointName": "llm", "Url": "{{url}}", "InferenceComponentName": "ic-a"}]}""";
        await using var server = await TestServer.StartAsync(workspace: workspace,
            prepare: data => Task.FromResult(Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(data)!, "objects"))));
        var script = Path.Combine(server.Folder, "ai_components.py");
        await File.WriteAllTextAsync(script, Script);

        var run = await AwsCli.RunAsync([script, server.Url], "any", "credentials", "python3");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var ended = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(ended.GetProperty("workspace").GetProperty("status").GetString() == "Completed", ended.ToString());
        Assert.True(ended.GetProperty("spread").GetProperty("status").GetString() == "Completed", ended.ToString());
        Assert.Equal(2, ended.GetProperty("spread").GetProperty("components").GetArrayLength());
        var unknown = ended.GetProperty("unknown");
        Assert.Equal("Failed", unknown.GetProperty("status").GetString());
        var reason = unknown.GetProperty("reason").GetString()!;
        Assert.True(reason.Contains("INFERENCE_COMPONENT_NOT_FOUND", StringComparison.Ordinal) && reason.Contains("'ic-x'", StringComparison.Ordinal), reason);

        var (requests, errors, report) = await ExportAsync(server, "workspace");
        Assert.Equal((8, 0), (requests, errors));
        Assert.Contains("inference components ic-a (round_robin)", report, StringComparison.Ordinal);
        // Round robin over ic-b (hosted) and ic-x (not): exactly every other request is refused.
        (requests, errors, report) = await ExportAsync(server, "spread");
        Assert.Equal((4, 4), (requests, errors));
        Assert.Contains("inference components ic-b, ic-x (round_robin)", report, StringComparison.Ordinal);
    }

    private static async Task<(double Requests, double Errors, string Report)> ExportAsync(TestServer server, string job)
    {
        var entries = await AiBenchmarkBoto3Tests.ReadArchiveAsync(Path.Combine(server.Folder, "objects", "bucket", "out", job, "output", "output.tar.gz"));
        using var export = JsonDocument.Parse(entries["profile_export_aiperf.json"]);
        var root = export.RootElement;
        return (root.GetProperty("request_count").GetProperty("avg").GetDouble(), root.GetProperty("error_request_count").GetProperty("avg").GetDouble(), entries["report.md"]);
    }
}
