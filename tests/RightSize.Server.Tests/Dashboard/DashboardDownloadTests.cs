using System.Net;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Dashboard;

/// <summary>
/// Issue #14: every job has its downloads. A job whose kept copies are gone (it ended before this server kept them, or
/// under another server sharing the database) gets metrics.csv rebuilt from the store, the same bytes as the copy, and a
/// report.html answer that says why there is none, which the job page shows in place of the link.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class DashboardDownloadTests
{
    [Fact]
    public async Task Without_its_kept_copies_a_job_s_metrics_csv_is_rebuilt_from_the_store_and_the_page_says_the_report_was_not_kept()
    {
        await using var server = await TestServer.StartAsync();
        using var api = new SageMakerHttp(server.Url);
        Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("old-job", 3, "local.cpu1", "local.half"))).Status);
        await Poll.UntilAsync(async () => await api.StatusAsync("old-job") is "COMPLETED" or "FAILED", TimeSpan.FromSeconds(90), "the job to end");
        using var http = new HttpClient { BaseAddress = server.Dashboard };
        var folder = Path.Combine(server.Folder, "data", "reports", "old-job");
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(folder, "metrics.csv"))), TimeSpan.FromSeconds(15), "the kept copy");
        var kept = await http.GetStringAsync("/api/jobs/old-job/files/metrics.csv");
        Assert.True(kept.Split("\r\n").Length > 3, kept);

        // HEAD answers from the kept file's headers alone.
        using var keptReport = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/jobs/old-job/files/report.html"));
        Assert.Equal(HttpStatusCode.OK, keptReport.StatusCode);
        Assert.Equal("text/html", keptReport.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new FileInfo(Path.Combine(folder, "report.html")).Length, keptReport.Content.Headers.ContentLength);

        Directory.Delete(folder, recursive: true);

        // The store's rows give the same file (polled: the store writer may still be writing the last windows).
        var rebuilt = string.Empty;
        await Poll.UntilAsync(async () => (rebuilt = await http.GetStringAsync("/api/jobs/old-job/files/metrics.csv")) == kept,
            TimeSpan.FromSeconds(15), "metrics.csv from the store to equal the kept copy");
        using var report = await http.GetAsync("/api/jobs/old-job/files/report.html");
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
        using var why = System.Text.Json.JsonDocument.Parse(await report.Content.ReadAsStringAsync());
        Assert.StartsWith("report.html of job 'old-job' was not kept", why.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/jobs/old-job/files/report.html"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        using var metricsHead = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/jobs/old-job/files/metrics.csv"));
        Assert.Equal(HttpStatusCode.OK, metricsHead.StatusCode);
        Assert.Equal("text/csv", metricsHead.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/jobs/no-such-job/files/metrics.csv")).StatusCode);

        using var browser = Browser.Start();
        await browser.RunAsync(nameof(Without_its_kept_copies_a_job_s_metrics_csv_is_rebuilt_from_the_store_and_the_page_says_the_report_was_not_kept), async () =>
        {
            browser.Open(server.Dashboard, "#/job/old-job");
            await browser.UntilAsync(() => browser.Find("#report-not-kept") is not null, TimeSpan.FromSeconds(15), "the note in place of report.html");
            Assert.Null(browser.Find("#download-report-html"));
            Assert.NotNull(browser.Find("#download-metrics-csv"));
        });
    }
}
