using System.Net;
using System.Text.Json;
using OpenQA.Selenium;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Dashboard;

/// <summary>Issue #14: the compare page puts the tests of several jobs side by side, in a table and in overlaid charts.</summary>
[Collection(TimingSensitive.Name)]
public sealed class DashboardCompareTests
{
    [Fact]
    public async Task Two_jobs_named_in_the_compare_form_show_every_test_in_the_table_and_one_line_each_per_chart()
    {
        await using var server = await TestServer.StartAsync();
        using var api = new SageMakerHttp(server.Url);
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("cmp-a", 3, "local.cpu1"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("cmp-b", 3, "local.cpu1", "local.half"))).Status);
        await Poll.UntilAsync(async () => await api.StatusAsync("cmp-a") == "COMPLETED" && await api.StatusAsync("cmp-b") == "COMPLETED",
            TimeSpan.FromSeconds(90), "both jobs to complete");

        // What the read API says each test served, to find on the page.
        using var http = new HttpClient { BaseAddress = server.Dashboard };
        var expected = new Dictionary<string, long>();
        foreach (var job in new[] { "cmp-a", "cmp-b" })
        {
            using var tests = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{job}/tests"));
            foreach (var test in tests.RootElement.EnumerateArray())
            {
                expected[$"{job} #{test.GetProperty("TestIndex").GetInt32()} {test.GetProperty("InstanceType").GetString()}"] = test.GetProperty("MaxInvocations").GetInt64();
            }
        }

        using var browser = Browser.Start();
        await browser.RunAsync(nameof(Two_jobs_named_in_the_compare_form_show_every_test_in_the_table_and_one_line_each_per_chart), async () =>
        {
            browser.Open(server.Dashboard, "#/compare");
            await browser.UntilAsync(() => browser.Find("#compare-jobs") is not null, TimeSpan.FromSeconds(15), "the compare form");
            browser.Fill("#compare-jobs", "cmp-a, cmp-b");
            browser.Find("#compare-form button")!.Click();

            await browser.UntilAsync(() => browser.Driver.FindElements(By.CssSelector("#compare-table tbody tr")).Count == 3, TimeSpan.FromSeconds(15), "three tests in the table");
            Assert.EndsWith("#/compare?jobs=cmp-a%2C%20cmp-b", browser.Driver.Url, StringComparison.Ordinal);
            var rows = browser.Driver.FindElements(By.CssSelector("#compare-table tbody tr"))
                .Select(r => r.FindElements(By.TagName("td")).Select(c => c.Text).ToList())
                .ToDictionary(cells => cells[0]);
            Assert.Equal(expected.Keys.Order(), rows.Keys.Order());
            foreach (var (label, maxInvocations) in expected)
            {
                Assert.Equal("COMPLETED", rows[label][1]);
                Assert.Equal(maxInvocations, long.Parse(new string([.. rows[label][2].Where(char.IsDigit)]), System.Globalization.CultureInfo.InvariantCulture));
            }

            // Each overlaid chart draws one line per test and names all three in its legend.
            var charts = browser.Driver.FindElements(By.CssSelector(".charts figure.chart-box"));
            Assert.Equal(3, charts.Count);
            Assert.All(charts, chart =>
            {
                Assert.Equal(3, chart.FindElements(By.CssSelector("path.line")).Count);
                Assert.Equal(expected.Keys.Order(), chart.FindElements(By.CssSelector(".legend li")).Select(l => l.Text).Order());
            });
        });
    }
}
