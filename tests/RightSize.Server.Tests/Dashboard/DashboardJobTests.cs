using System.Net;
using OpenQA.Selenium;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Dashboard;

/// <summary>Create, watch and stop jobs in a real browser against a real server running short synthetic jobs.</summary>
[Collection(TimingSensitive.Name)]
public sealed class DashboardJobTests
{
    [Fact]
    public async Task A_job_created_through_the_form_grows_live_and_completes_without_a_reload()
    {
        await using var server = await TestServer.StartAsync();
        using var browser = Browser.Start();
        await browser.RunAsync(nameof(A_job_created_through_the_form_grows_live_and_completes_without_a_reload), async () =>
        {
            browser.Open(server.Dashboard, "#/create");
            await browser.UntilAsync(() => browser.Find("#stairs-seconds") is not null && browser.Find("#model-name option") is not null, TimeSpan.FromSeconds(15), "the form");
            browser.Fill("#job-name", "browser-job");
            browser.Fill("#stairs-seconds", "10");
            browser.Fill("#stairs-steps", "2");
            browser.Fill("#stairs-users", "2");
            browser.Fill("#window-seconds", "1");
            browser.Find("#flat-invocations option[value=Continue]")!.Click();
            browser.Driver.ExecuteScript("window.noReload = true");
            browser.Find("#create-job")!.Click();

            await browser.UntilAsync(() => browser.Driver.Url.EndsWith("#/job/browser-job", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "the job page");
            // Live: while the job runs, the invocations chart gains points between two polls of the page.
            var seen = new List<int>();
            await browser.UntilAsync(() =>
            {
                if (browser.Text("#job-status") == "IN_PROGRESS")
                {
                    seen.Add(Points(browser));
                }

                return seen.Count > 0 && seen.Max() > seen.Where(p => p > 0).DefaultIfEmpty(int.MaxValue).Min();
            }, TimeSpan.FromSeconds(60), "the running job's chart to grow");
            await browser.UntilAsync(() => browser.Text("#job-status") == "COMPLETED", TimeSpan.FromSeconds(60), "COMPLETED on the page");
            Assert.Equal(true, browser.Driver.ExecuteScript("return window.noReload === true"));
            Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector("#recommendations tbody tr")));
            Assert.Null(browser.Find("#stop-job"));
            Assert.Contains("TrafficPatternCompleted", browser.Text("#test-0"), StringComparison.Ordinal);
            Assert.NotNull(browser.Find("#test-0 rect.peak"));

            // The finished job on the compare and autoscaling pages.
            browser.Open(server.Dashboard, "#/compare?jobs=browser-job");
            await browser.UntilAsync(() => browser.Driver.FindElements(By.CssSelector("#compare-table tbody tr")).Count == 1, TimeSpan.FromSeconds(15), "the compare table");
            browser.Open(server.Dashboard, "#/autoscaling/browser-job");
            await browser.UntilAsync(() => browser.Text("#scaling-policy").Contains("SageMakerVariantInvocationsPerInstance", StringComparison.Ordinal),
                TimeSpan.FromSeconds(15), "the scaling policy");
        });

        // The downloads: the report and the CSV the server kept when the job ended, and Describe.
        using var http = new HttpClient { BaseAddress = server.Dashboard };
        Assert.Contains("browser-job", await http.GetStringAsync("/api/jobs/browser-job/files/report.html"), StringComparison.Ordinal);
        Assert.StartsWith("job_name,test_index", await http.GetStringAsync("/api/jobs/browser-job/files/metrics.csv"), StringComparison.Ordinal);
        Assert.Contains("\"Status\": \"COMPLETED\"", await http.GetStringAsync("/api/jobs/browser-job/files/describe.json"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/jobs/browser-job/files/secret.txt")).StatusCode);
    }

    [Fact]
    public async Task The_stop_button_stops_a_running_job()
    {
        await using var server = await TestServer.StartAsync();
        using var api = new SageMakerHttp(server.Url);
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("long-job", 60))).Status);
        using var browser = Browser.Start();
        await browser.RunAsync(nameof(The_stop_button_stops_a_running_job), async () =>
        {
            browser.Open(server.Dashboard, "#/job/long-job");
            await browser.UntilAsync(() => browser.Text("#job-status") == "IN_PROGRESS" && Points(browser) >= 2, TimeSpan.FromSeconds(60), "the test to run");
            browser.Find("#stop-job")!.Click();
            await browser.UntilAsync(() => browser.Text("#job-status") == "STOPPED", TimeSpan.FromSeconds(30), "STOPPED on the page");
            Assert.Equal("STOPPED", await api.StatusAsync("long-job"));
            Assert.Null(browser.Find("#stop-job"));
        });
    }

    [Fact]
    public async Task A_validation_error_appears_at_its_field_and_creates_nothing()
    {
        await using var server = await TestServer.StartAsync();
        using var browser = Browser.Start();
        await browser.RunAsync(nameof(A_validation_error_appears_at_its_field_and_creates_nothing), async () =>
        {
            browser.Open(server.Dashboard, "#/create");
            await browser.UntilAsync(() => browser.Find("#stairs-seconds") is not null, TimeSpan.FromSeconds(15), "the form");
            browser.Fill("#job-name", "bad name!");
            browser.Fill("#stairs-seconds", "0");
            browser.Find("#create-job")!.Click();

            await browser.UntilAsync(() => browser.Text("#stairs-seconds-error").Length > 0, TimeSpan.FromSeconds(15), "the error at the duration");
            Assert.Equal("true", browser.Find("#stairs-seconds")!.GetAttribute("aria-invalid"));
            Assert.NotEmpty(browser.Text("#job-name-error"));
            Assert.Equal("true", browser.Find("#job-name")!.GetAttribute("aria-invalid"));
            Assert.Empty(browser.Text("#create-error"));
            Assert.EndsWith("#/create", browser.Driver.Url, StringComparison.Ordinal);
        });
        using var http = new HttpClient { BaseAddress = server.Dashboard };
        Assert.Equal("[]", await http.GetStringAsync("/api/jobs"));
    }

    /// <summary>How many points the first test's invocations chart draws.</summary>
    private static int Points(Browser browser) =>
        browser.Find("#test-0 .chart-box path.line") is { } path ? (path.GetAttribute("d") ?? string.Empty).Count(c => c is 'M' or 'L') : 0;
}
