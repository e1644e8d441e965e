using OpenQA.Selenium;
using RightSize.Jobs;
using RightSize.Server.Storage;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Dashboard;

/// <summary>The job list and the ranking controls on stored jobs (seeded into the store before the server starts).</summary>
public sealed class DashboardListTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);

    [Fact]
    public async Task The_importance_controls_re_rank_as_the_server_ranks()
    {
        await using var server = await TestServer.StartAsync(prepare: SeedRankedAsync);
        using var browser = Browser.Start();
        await browser.RunAsync(nameof(The_importance_controls_re_rank_as_the_server_ranks), async () =>
        {
            browser.Open(server.Dashboard, "#/job/ranked");
            await browser.UntilAsync(() => Order(browser).Count == 2, TimeSpan.FromSeconds(15), "two recommendations");
            // Cost Highest (the default): the cheap, slow test first.
            Assert.Equal(["0", "1"], Order(browser));

            Choose(browser, "#importance-cost", "Lowest");
            Choose(browser, "#importance-latency", "Highest");
            Choose(browser, "#importance-throughput", "Highest");
            await browser.UntilAsync(() => Order(browser) is ["1", "0"], TimeSpan.FromSeconds(10), "the fast test first");

            using var http = new HttpClient { BaseAddress = server.Dashboard };
            var ranking = await http.GetStringAsync("/api/jobs/ranked/ranking?cost=Lowest&latency=Highest&throughput=Highest");
            Assert.Contains("\"TestIndexes\":[1,0]", ranking, StringComparison.Ordinal);
            Choose(browser, "#importance-cost", "Highest");
            Choose(browser, "#importance-latency", "Lowest");
            Choose(browser, "#importance-throughput", "Lowest");
            await browser.UntilAsync(() => Order(browser) is ["0", "1"], TimeSpan.FromSeconds(10), "the cheap test first again");
        });
    }

    [Fact]
    public async Task The_jobs_page_filters_and_pages_in_the_server()
    {
        await using var server = await TestServer.StartAsync(prepare: async data =>
        {
            await using var store = await OpenAsync(data);
            for (var i = 0; i < 120; i++)
            {
                await store.AddJobAsync(Job($"job-{i:D3}", i % 4 == 0 ? "FAILED" : "COMPLETED", T0.AddSeconds(i)), CancellationToken.None);
            }
        });
        using var browser = Browser.Start();
        await browser.RunAsync(nameof(The_jobs_page_filters_and_pages_in_the_server), async () =>
        {
            browser.Open(server.Dashboard, "#/jobs");
            await browser.UntilAsync(() => Names(browser).Count == 50, TimeSpan.FromSeconds(15), "the first page");
            Assert.Equal("job-119", Names(browser)[0]);
            Assert.Contains("of 120", browser.Text("#jobs-table caption"), StringComparison.Ordinal);

            browser.Find("a[rel=next]")!.Click();
            await browser.UntilAsync(() => Names(browser) is ["job-069", ..], TimeSpan.FromSeconds(10), "the second page");

            browser.Find("#filter-status option[value=FAILED]")!.Click();
            browser.Find("#filter-name")!.SendKeys("JOB-1");
            browser.Find("#job-filters button")!.Click();
            await browser.UntilAsync(() => Names(browser) is ["job-116", ..], TimeSpan.FromSeconds(10), "the filtered list");
            Assert.Equal(5, Names(browser).Count); // 100, 104, ..., 116
            Assert.All(browser.Driver.FindElements(By.CssSelector("#jobs-table tbody tr td:nth-child(2)")), cell => Assert.Equal("FAILED", cell.Text));
        });
    }

    [Fact]
    public async Task The_jobs_page_asks_for_its_data_once_before_its_modules_run()
    {
        await using var server = await TestServer.StartAsync(prepare: async data =>
        {
            await using var store = await OpenAsync(data);
            await store.AddJobAsync(Job("early-job", "COMPLETED", T0), CancellationToken.None);
        });
        using var browser = Browser.Start();
        await browser.RunAsync(nameof(The_jobs_page_asks_for_its_data_once_before_its_modules_run), async () =>
        {
            browser.Open(server.Dashboard, "#/jobs?status=COMPLETED");
            await browser.UntilAsync(() => Names(browser) is ["early-job"], TimeSpan.FromSeconds(15), "the job list");
            // boot.js (a classic script in the head) starts both GETs; the modules run after the document is parsed and
            // take those answers rather than asking again: no session-then-jobs waterfall.
            var timing = browser.Driver.ExecuteScript("""
                const fetches = performance.getEntriesByType('resource').filter(e => e.initiatorType === 'fetch');
                const jobs = fetches.filter(e => e.name.includes('/api/jobs?'));
                return [fetches.filter(e => e.name.endsWith('/api/session')).length, jobs.length,
                        jobs.length === 1 && jobs[0].startTime < performance.getEntriesByName('modules-running')[0].startTime];
                """) as IReadOnlyCollection<object>;
            Assert.Equal([1L, 1L, true], timing);

            // The page names its assets under a version and they are immutable: a second visit fetches none of them.
            browser.Driver.Navigate().GoToUrl("about:blank");
            browser.Open(server.Dashboard, "#/jobs");
            await browser.UntilAsync(() => Names(browser) is ["early-job"], TimeSpan.FromSeconds(15), "the job list again");
            var fetched = browser.Driver.ExecuteScript("""
                return performance.getEntriesByType('resource').filter(e => e.name.includes('/assets/'))
                  .map(e => `${new URL(e.name).pathname} ${e.transferSize}`);
                """) as IReadOnlyCollection<object>;
            Assert.NotNull(fetched);
            Assert.Contains(fetched, e => e.ToString()!.EndsWith("/app.js 0", StringComparison.Ordinal));
            Assert.All(fetched, e => Assert.Matches(@"^/assets/[0-9a-f]{12}/[a-z]+\.(js|css) 0$", e.ToString()));
        });
    }

    private static List<string> Names(Browser browser) =>
        [.. browser.Driver.FindElements(By.CssSelector("#jobs-table tbody tr")).Select(r => r.GetAttribute("data-job") ?? string.Empty)];

    private static List<string> Order(Browser browser) =>
        [.. browser.Driver.FindElements(By.CssSelector("#recommendations tbody tr")).Select(r => r.GetAttribute("data-test") ?? string.Empty)];

    private static void Choose(Browser browser, string select, string level) => browser.Find($"{select} option[value={level}]")!.Click();

    /// <summary>A completed job of two tests: #0 cheap but slow, #1 a hundred times dearer per hour and eight times faster.</summary>
    private static async Task SeedRankedAsync(string data)
    {
        await using var store = await OpenAsync(data);
        await store.AddJobAsync(Job("ranked", "COMPLETED", T0), CancellationToken.None);
        await store.SaveTestAsync(Test(0, "local.cheap", costPerHour: 0.01, latencyUs: 40_000, maxInvocations: 1_000), CancellationToken.None);
        await store.SaveTestAsync(Test(1, "local.pricey", costPerHour: 1.0, latencyUs: 5_000, maxInvocations: 8_000), CancellationToken.None);
    }

    internal static async Task<IRecommendationStore> OpenAsync(string data)
    {
        var store = RecommendationStores.Sqlite(data, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>A stored job; <paramref name="describeMore"/> adds members to its Describe (e.g. InferenceRecommendations).</summary>
    internal static StoredJob Job(string name, string status, DateTimeOffset created, string describeMore = "") => new()
    {
        JobName = name,
        JobArn = $"arn:aws:sagemaker:us-east-1:000000000000:inference-recommendations-job/{name}",
        JobType = "Advanced",
        Status = RecommendationStatuses.TryParse(status, out var parsed) ? parsed : throw new ArgumentException(status),
        RoleArn = TestJobs.RoleArn,
        CreationTime = created,
        LastModifiedTime = created.AddSeconds(30),
        CompletionTime = created.AddSeconds(30),
        ModelName = "synthetic",
        DescribeJson = $$$"""
            {"JobName": "{{{name}}}", "JobType": "Advanced", "JobArn": "arn:aws:sagemaker:us-east-1:000000000000:inference-recommendations-job/{{{name}}}",
             "RoleArn": "{{{TestJobs.RoleArn}}}", "Status": "{{{status}}}", "CreationTime": {{{created.ToUnixTimeSeconds()}}},
             "LastModifiedTime": {{{created.ToUnixTimeSeconds() + 30}}}, "InputConfig": {"ModelName": "synthetic"}{{{describeMore}}}}
            """,
    };

    private static StoredTest Test(int index, string instanceType, double costPerHour, long latencyUs, long maxInvocations) => new()
    {
        JobName = "ranked",
        TestIndex = index,
        Status = RecommendationStatus.Completed,
        EndpointName = $"ranked-{index + 1}",
        InstanceType = instanceType,
        StopReason = "TrafficPatternCompleted",
        MaxInvocations = maxInvocations,
        ModelLatencyMicroseconds = latencyUs,
        CostPerHour = costPerHour,
        CostPerInference = costPerHour / 60 / maxInvocations,
    };
}
