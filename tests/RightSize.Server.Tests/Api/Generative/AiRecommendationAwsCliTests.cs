using System.Globalization;
using System.Text.Json;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api.Generative;

/// <summary>The real aws CLI runs an AI recommendation job: two instance types measured, ranked by cost, each backed by a benchmark job.</summary>
[Collection(TimingSensitive.Name)]
public sealed class AiRecommendationAwsCliTests
{
    [Fact]
    public async Task The_aws_cli_runs_a_recommendation_job_that_ranks_instance_types_by_cost_per_token_and_says_OptimizeModel_was_not_applied()
    {
        await using var server = await StartAsync();
        var aws = new AwsCli(server.Url);
        var created = await aws.SageMakerAsync("create-ai-workload-config", "--ai-workload-config-name", "small",
            "--ai-workload-configs", """{"WorkloadSpec": {"Inline": "{\"benchmark\": {\"type\": \"aiperf\"}, \"parameters\": {\"concurrency\": [2], \"request_count\": 6, \"isl\": 40, \"osl\": 12}}"}}""");
        Assert.True(created.ExitCode == 0, created.Stderr);

        var job = await aws.SageMakerAsync("create-ai-recommendation-job", "--ai-recommendation-job-name", "pick",
            "--model-source", """{"S3": {"S3Uri": "s3://models/llama/"}}""", "--output-config", """{"S3OutputLocation": "s3://bucket/recommendations/"}""",
            "--ai-workload-config-identifier", "small", "--performance-target", """{"Constraints": [{"Metric": "cost"}]}""",
            "--role-arn", TestJobs.RoleArn, "--compute-spec", """{"InstanceTypes": ["ml.g5.xlarge", "ml.g6.xlarge"]}""");
        Assert.True(job.ExitCode == 0, job.Stderr);
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:ai-recommendation-job/pick", job.Json.GetProperty("AIRecommendationJobArn").GetString());

        var describe = await EndedAsync(aws, "pick");

        Assert.True(describe.GetProperty("AIRecommendationJobStatus").GetString() == "Completed", describe.ToString());
        var recommendations = describe.GetProperty("Recommendations").EnumerateArray().ToList();
        Assert.Equal(2, recommendations.Count);
        var costs = recommendations.Select(r => Value(r, "CostPerMillionOutputTokens")).ToList();
        Assert.True(costs[0] <= costs[1], $"best first by cost: {string.Join(", ", costs)}");
        Assert.Equal(["ml.g5.xlarge", "ml.g6.xlarge"], recommendations.Select(r => r.GetProperty("DeploymentConfiguration").GetProperty("InstanceType").GetString()).Order());
        foreach (var recommendation in recommendations)
        {
            // Cost per 1M output tokens follows from the instance's price and the measured output rate.
            var price = recommendation.GetProperty("DeploymentConfiguration").GetProperty("InstanceType").GetString() == "ml.g5.xlarge" ? 1.408 : 0.8048;
            var perMillion = price / (Value(recommendation, "OutputTokenThroughput") * 3600) * 1_000_000;
            Assert.Equal(perMillion, Value(recommendation, "CostPerMillionOutputTokens"), perMillion * 0.001);
            Assert.Contains("OptimizeModel: requested (the default is true) but not applied", recommendation.GetProperty("RecommendationDescription").GetString(), StringComparison.Ordinal);
            var benchmark = await aws.SageMakerAsync("describe-ai-benchmark-job", "--ai-benchmark-job-name", recommendation.GetProperty("AIBenchmarkJobArn").GetString()!.Split('/')[^1]);
            Assert.True(benchmark.ExitCode == 0, benchmark.Stderr);
            Assert.Equal("Completed", benchmark.Json.GetProperty("AIBenchmarkJobStatus").GetString());
        }

        var report = await File.ReadAllTextAsync(Path.Combine(server.Folder, "objects", "bucket", "recommendations", "pick", "report.md"));
        Assert.Contains("USD per 1M output tokens", report, StringComparison.Ordinal);
        Assert.Contains("not applied", report, StringComparison.Ordinal);

        var listed = await aws.SageMakerAsync("list-ai-recommendation-jobs", "--status-equals", "Completed");
        Assert.Equal("pick", listed.Json.GetProperty("AIRecommendationJobs")[0].GetProperty("AIRecommendationJobName").GetString());
        var missing = await aws.SageMakerAsync("describe-ai-recommendation-job", "--ai-recommendation-job-name", "missing");
        Assert.Contains("ResourceNotFound", missing.Stderr, StringComparison.Ordinal);

        // The dashboard's Generative AI page lists the job and its benchmark jobs, and shows its recommendations in order.
        using var browser = Browser.Start();
        await browser.RunAsync(nameof(The_aws_cli_runs_a_recommendation_job_that_ranks_instance_types_by_cost_per_token_and_says_OptimizeModel_was_not_applied), async () =>
        {
            browser.Open(server.Dashboard, "#/generative");
            await browser.UntilAsync(() => browser.Find("#ai-recommendation-jobs tr[data-job=pick] a") is not null, TimeSpan.FromSeconds(15), "the job in the list");
            Assert.Equal(2, browser.Driver.FindElements(OpenQA.Selenium.By.CssSelector("#ai-benchmark-jobs tbody tr")).Count);
            browser.Find("#ai-recommendation-jobs tr[data-job=pick] a")!.Click();
            await browser.UntilAsync(() => browser.Driver.FindElements(OpenQA.Selenium.By.CssSelector("#ai-recommendations tbody tr")).Count == 2,
                TimeSpan.FromSeconds(15), "the recommendations");
            Assert.Equal("Completed", browser.Text("#ai-status"));
            var types = browser.Driver.FindElements(OpenQA.Selenium.By.CssSelector("#ai-recommendations tbody tr td:nth-child(2)")).Select(c => c.Text);
            Assert.Equal(recommendations.Select(r => r.GetProperty("DeploymentConfiguration").GetProperty("InstanceType").GetString()), types);
        });
    }

    [Fact]
    public async Task A_workload_with_the_sla_search_recommends_each_type_at_its_largest_concurrency_under_the_sla()
    {
        await using var server = await StartAsync();
        var aws = new AwsCli(server.Url);
        // The reference engine's defaults: 16 seats, 40 x 0.1 ms prefill, 11 x 10 ms decode. TTFT is 4 ms up to 16 in flight;
        // at 64 three quarters of the requests wait for a seat, each about a whole request (114 ms) per round, so a 60 ms SLA
        // holds at 4 (with room for a busy host) and breaks at 64.
        var created = await aws.SageMakerAsync("create-ai-workload-config", "--ai-workload-config-name", "sla",
            "--ai-workload-configs", """{"WorkloadSpec": {"Inline": "{\"benchmark\": {\"type\": \"aiperf\"}, \"parameters\": {\"search_recipe\": \"max-concurrency-under-sla\", \"ttft_sla_ms\": 60, \"concurrency_min\": 4, \"concurrency_max\": 64, \"warmup_request_count\": 8, \"isl\": 40, \"osl\": 12}}"}}""");
        Assert.True(created.ExitCode == 0, created.Stderr);

        var job = await aws.SageMakerAsync("create-ai-recommendation-job", "--ai-recommendation-job-name", "under-sla",
            "--model-source", """{"S3": {"S3Uri": "s3://models/llama/"}}""", "--output-config", """{"S3OutputLocation": "s3://bucket/sla/"}""",
            "--ai-workload-config-identifier", "sla", "--performance-target", """{"Constraints": [{"Metric": "throughput"}]}""",
            "--role-arn", TestJobs.RoleArn, "--compute-spec", """{"InstanceTypes": ["ml.g5.xlarge"]}""");
        Assert.True(job.ExitCode == 0, job.Stderr);
        var describe = await EndedAsync(aws, "under-sla");

        Assert.True(describe.GetProperty("AIRecommendationJobStatus").GetString() == "Completed", describe.ToString());
        var recommendation = Assert.Single(describe.GetProperty("Recommendations").EnumerateArray());
        Assert.Contains("the largest concurrency whose SLAs held", recommendation.GetProperty("RecommendationDescription").GetString(), StringComparison.Ordinal);
        // The recommendation's concurrency is the answer of the search its benchmark job ran and packed.
        var archive = Path.Combine(server.Folder, "objects", "bucket", "sla", "under-sla-bench-1", "output", "output.tar.gz");
        using var history = JsonDocument.Parse((await AiBenchmarkBoto3Tests.ReadArchiveAsync(archive))["search_history.json"]);
        var boundary = history.RootElement.GetProperty("boundary_summary");
        var answer = boundary.GetProperty("feasible_max").GetProperty("value").GetInt32();
        Assert.Equal(answer, Value(recommendation, "Concurrency"));
        Assert.InRange(answer, 4, 63);
        Assert.Equal(answer + 1, boundary.GetProperty("infeasible_min").GetProperty("value").GetInt32());
        var report = await File.ReadAllTextAsync(Path.Combine(server.Folder, "objects", "bucket", "sla", "under-sla", "report.md"));
        Assert.Contains($"max concurrency under SLA: {answer}", report, StringComparison.Ordinal);
    }

    private static Task<TestServer> StartAsync() => TestServer.StartAsync(workspace: AiBenchmarkBoto3Tests.Workspace, prepare: data =>
    {
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(data)!, "objects", "models", "llama"));
        return Task.CompletedTask;
    });

    private static async Task<JsonElement> EndedAsync(AwsCli aws, string job)
    {
        JsonElement describe = default;
        await Poll.UntilAsync(async () =>
        {
            describe = (await aws.SageMakerAsync("describe-ai-recommendation-job", "--ai-recommendation-job-name", job)).Json;
            return describe.GetProperty("AIRecommendationJobStatus").GetString() is "Completed" or "Failed" or "Stopped";
        }, TimeSpan.FromSeconds(90), "the recommendation job ended");
        return describe;
    }

    private static double Value(JsonElement recommendation, string metric) => double.Parse(
        recommendation.GetProperty("ExpectedPerformance").EnumerateArray().First(p => p.GetProperty("Metric").GetString() == metric).GetProperty("Value").GetString()!,
        CultureInfo.InvariantCulture);
}
