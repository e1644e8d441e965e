using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api;

/// <summary>
/// 10,000+ generated bad requests at a server running a job: never a 5xx, the server keeps serving, the job completes.
/// Besides malformed shapes they cover the security classes (docs/security.md): undecodable text, huge lists, commands
/// and loader variables from the API, paths outside the allowed roots, foreign Host and Origin headers.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class BadRequestFuzzTests
{
    private const int Requests = 10_000;
    private const int MaxRequestBytes = 1024 * 1024;

    private static readonly string[] Operations =
    [
        "CreateModel", "DescribeModel", "ListModels", "DeleteModel", "CreateInferenceRecommendationsJob", "DescribeInferenceRecommendationsJob",
        "ListInferenceRecommendationsJobs", "ListInferenceRecommendationsJobSteps", "StopInferenceRecommendationsJob", "GetScalingConfigurationRecommendation",
        "CreateAIWorkloadConfig", "DescribeAIWorkloadConfig", "ListAIWorkloadConfigs", "DeleteAIWorkloadConfig", "CreateAIBenchmarkJob",
        "DescribeAIBenchmarkJob", "ListAIBenchmarkJobs", "StopAIBenchmarkJob", "DeleteAIBenchmarkJob", "CreateAIRecommendationJob",
        "DescribeAIRecommendationJob", "ListAIRecommendationJobs", "StopAIRecommendationJob", "DeleteAIRecommendationJob",
        "CreateModelPackageGroup", "DescribeModelPackageGroup", "ListModelPackageGroups", "DeleteModelPackageGroup", "CreateModelPackage",
        "DescribeModelPackage", "ListModelPackages", "UpdateModelPackage", "DeleteModelPackage",
    ];

    private static readonly string[] Members =
    [
        "JobName", "ModelName", "JobType", "RoleArn", "InputConfig", "MaxResults", "NextToken", "SortBy", "SortOrder", "StatusEquals", "Status",
        "StepType", "CreationTimeAfter", "LastModifiedTimeBefore", "NameContains", "PrimaryContainer", "Tags", "StoppingConditions",
        "InferenceRecommendationsJobName", "ScalingPolicyObjective", "TargetCpuUtilizationPerCore", "RecommendationId",
        "AIWorkloadConfigName", "AIWorkloadConfigs", "DatasetConfig", "AIBenchmarkJobName", "BenchmarkTarget", "OutputConfig",
        "AIWorkloadConfigIdentifier", "AIRecommendationJobName", "ModelSource", "PerformanceTarget", "ComputeSpec", "OptimizeModel",
        "ModelPackageGroupName", "ModelPackageName", "ModelPackageArn", "InferenceSpecification", "ModelApprovalStatus", "ModelPackageType",
        "CustomerMetadataProperties", "CustomerMetadataPropertiesToRemove", "ClientToken", "SamplePayloadUrl",
    ];

    private static readonly string[] Values =
    [
        "123", "-1", "0", "101", "1e400", "9999999999999999999999", "true", "null", "[]", "{}", "\"\"", "\"bad name!\"", "\"PENDING\"",
        "\"Name\"", "\"2020-13-45\"", "[1, 2, {\"x\": null}]", "{\"TrafficType\": 5}", "\"\\u0000\"", "{\"Image\": []}", "-1e308", "1.5",
        "[{\"Key\": 1}]", "{\"MinInvocationsPerMinute\": \"x\"}", "\"AAAA\"", "\"not-a-token\"",
        "{\"WorkloadSpec\": {\"Inline\": \"benchmark: [\"}}", "{\"WorkloadSpec\": {\"Inline\": \"{\\\"benchmark\\\": {\\\"type\\\": \\\"aiperf\\\"}}\"}}",
        "{\"Endpoint\": {\"Identifier\": \"x\", \"InferenceComponents\": [{}]}}", "{\"S3OutputLocation\": \"s3://b/../../etc\"}",
        "{\"InputDataConfig\": [{\"ChannelName\": \"d\", \"DataSource\": {}}]}", "{\"Constraints\": [{\"Metric\": \"cost\"}, {}]}",
        "\"g\"", "\"g/1\"", "\"g/0\"", "\"arn:aws:sagemaker:us-east-1:000000000000:model-package/g/1\"", "\"Approved\"", "\"Versioned\"",
        "{\"Containers\": [{\"Image\": \"builtin:synthetic\"}]}", "{\"Containers\": []}", "{\"k\": \"v\"}", "[\"k\"]",
    ];

    [Fact]
    public async Task Bad_requests_never_get_a_5xx_and_the_running_job_completes()
    {
        await using var server = await TestServer.StartAsync();
        using var api = new SageMakerHttp(server.Url);
        var created = await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("fuzz-job", 8));
        Assert.Equal(System.Net.HttpStatusCode.OK, created.Status);

        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        var statuses = new ConcurrentDictionary<int, int>();
        var serverErrors = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var (target, contentType, body, host, origin) = Generate(new Random(i));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
            request.Headers.Host = host;
            if (origin is not null)
            {
                request.Headers.TryAddWithoutValidation("Origin", origin);
            }

            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
            request.Headers.ExpectContinue = body.Length > MaxRequestBytes;
            if (target is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            }

            // An oversized body goes on its own connection: Kestrel closes it after the 413, mid-upload.
            using var own = body.Length > MaxRequestBytes ? new HttpClient { BaseAddress = server.Address } : null;
            HttpResponseMessage response;
            try
            {
                response = await (own ?? http).SendAsync(request, ct);
            }
            catch (HttpRequestException) when (body.Length > MaxRequestBytes)
            {
                // Kestrel may close the connection while a too-large body is still being sent, after answering 413.
                statuses.AddOrUpdate(413, 1, (_, n) => n + 1);
                return;
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"no answer for {target} {contentType} {body.Length}: {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)])}", e);
            }

            using var answered = response;
            var code = (int)response.StatusCode;
            statuses.AddOrUpdate(code, 1, (_, n) => n + 1);
            if (code >= 500)
            {
                serverErrors.Enqueue($"{code} for {target} {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)])}: {await response.Content.ReadAsStringAsync(ct)}");
            }
        });

        Assert.Empty(serverErrors);
        Assert.Equal(Requests, statuses.Values.Sum());
        Assert.True(statuses.ContainsKey(400) && statuses.ContainsKey(413) && statuses.ContainsKey(421) && statuses.ContainsKey(403), string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
        await Poll.UntilAsync(async () => await api.StatusAsync("fuzz-job") is "COMPLETED" or "FAILED" or "STOPPED", TimeSpan.FromSeconds(60), "the job ends");
        Assert.Equal("COMPLETED", await api.StatusAsync("fuzz-job"));
    }

    private static (string? Target, string? ContentType, byte[] Body, string? Host, string? Origin) Generate(Random random)
    {
        var operation = Operations[random.Next(Operations.Length)];
        var target = random.Next(12) switch
        {
            0 => null,
            1 => "SageMaker." + operation.ToLowerInvariant(),
            2 => "Other." + operation,
            3 => "SageMaker." + new string('X', random.Next(1, 5000)),
            _ => "SageMaker." + operation,
        };
        var contentType = random.Next(15) switch
        {
            0 => null,
            1 => "text/plain",
            2 => "multipart/form-data; boundary=x",
            _ => "application/x-amz-json-1.1",
        };
        var body = random.Next(16) switch
        {
            0 => Undecodable(random),
            1 => Encoding.UTF8.GetBytes(HugeList(random)),
            2 => Encoding.UTF8.GetBytes(HostCommand(random)),
            3 => Encoding.UTF8.GetBytes(OutsidePath(random)),
            _ => Encoding.UTF8.GetBytes(Body(random)),
        };
        var (host, origin) = random.Next(25) switch
        {
            0 => ("attacker.example", null),
            1 => ("10.9.8.7:8080", null),
            2 => (null, "http://attacker.example"),
            3 => (null, "null"),
            _ => ((string?)null, (string?)null),
        };
        return (target, contentType, body, host, origin);
    }

    /// <summary>A lone surrogate escape, or raw invalid UTF-8, in a member name or a value.</summary>
    private static byte[] Undecodable(Random random)
    {
        var member = Members[random.Next(Members.Length)];
        return random.Next(4) switch
        {
            0 => Encoding.UTF8.GetBytes($$"""{"{{member}}\ud800": 1}"""),
            1 => Encoding.UTF8.GetBytes($$"""{"{{member}}": "\udc00x"}"""),
            2 => [.. "{\""u8, .. RandomBytes(random), .. "\": 1}"u8],
            _ => [.. Encoding.UTF8.GetBytes($"{{\"{member}\": {{\"Name\": \""), 0xC3, 0x28, .. "\"}}"u8],
        };
    }

    /// <summary>Up to 300,000 empty list items inside the 1 MB limit.</summary>
    private static string HugeList(Random random)
    {
        var items = string.Join(",", Enumerable.Repeat("{}", random.Next(4) == 0 ? random.Next(1, 300_000) : random.Next(1, 2000)));
        return random.Next(2) == 0
            ? TestJobs.Request("fuzz-" + random.Next(1000)).Replace("""[{"InstanceType": "local.cpu1"}]""", $"[{items}]", StringComparison.Ordinal)
            : $$"""{"ModelName": "many", "PrimaryContainer": {"Image": "builtin:synthetic"}, "Tags": [{{items}}]}""";
    }

    private static readonly string[] HostCommands =
    [
        """{"ModelName": "cmd", "PrimaryContainer": {"Image": "process", "Environment": {"RIGHTSIZE_COMMAND": "touch /tmp/rightsize-fuzz-pwned"}}}""",
        """{"ModelName": "img", "PrimaryContainer": {"Image": "alpine:3"}}""",
        """{"ModelName": "pre", "PrimaryContainer": {"Image": "builtin:synthetic", "Environment": {"LD_PRELOAD": "/tmp/x.so"}}}""",
        """{"ModelName": "hook", "PrimaryContainer": {"Image": "builtin:synthetic", "Environment": {"DOTNET_STARTUP_HOOKS": "/tmp/h.dll"}}}""",
    ];

    /// <summary>A model that would run a command of the caller's choosing, or a job that would set one.</summary>
    private static string HostCommand(Random random) => random.Next(HostCommands.Length + 1) is var i && i < HostCommands.Length
        ? HostCommands[i]
        : TestJobs.Request("fuzz-" + random.Next(1000)).Replace("""{"InstanceType": "local.cpu1"}""",
            """{"InstanceType": "local.cpu1", "EnvironmentParameterRanges": {"CategoricalParameterRanges": [{"Name": "RIGHTSIZE_COMMAND", "Value": ["id"]}]}}""",
            StringComparison.Ordinal);

    private static readonly string[] OutsidePaths = ["file:///etc/hostname", "/etc/shadow", "../../../../../etc/passwd", "file:///proc/self/environ", "/", "s3://../../etc"];

    private static string OutsidePath(Random random) => TestJobs.Request("fuzz-" + random.Next(1000)).Replace("\"ModelName\": \"synthetic\"",
        $"\"ModelName\": \"synthetic\", \"ContainerConfig\": {{\"PayloadConfig\": {{\"SamplePayloadUrl\": \"{OutsidePaths[random.Next(OutsidePaths.Length)]}\"}}}}",
        StringComparison.Ordinal);

    private static string Body(Random random)
    {
        string Member() => Members[random.Next(Members.Length)];
        string Value() => Values[random.Next(Values.Length)];
        return random.Next(10) switch
        {
            0 => string.Join(", ", Enumerable.Range(0, random.Next(1, 6)).Select(_ => $"\"{Member()}\": {Value()}")) is var members ? "{" + members + "}" : "{}",
            1 => "{\"" + Member() + "\": \"" + new string('a', random.Next(1000, 200_000)) + "\"}",
            2 => TestJobs.Request("fuzz-" + random.Next(1000))[..random.Next(1, 200)],
            3 => TestJobs.Request("fuzz-" + random.Next(1000)).Replace("\"STAIRS\"", Value(), StringComparison.Ordinal),
            4 => TestJobs.Request("fuzz-" + random.Next(1000)).Replace("\"Advanced\"", Value(), StringComparison.Ordinal),
            5 => new string('[', random.Next(1, 5000)),
            6 => "{\"Unknown" + random.Next() + "\": 1, \"JobName\": \"x\"}",
            7 => Value(),
            8 => random.Next(30) == 0 ? "{\"JobName\": \"" + new string('b', 1_100_000) + "\"}" : Convert.ToBase64String(RandomBytes(random)),
            _ => "{\"" + Member() + "\": " + Value() + ", \"" + Member() + "\": " + Value() + "}",
        };
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 200)];
        random.NextBytes(bytes);
        return bytes;
    }
}
