using System.Net;
using System.Net.Http.Json;
using RightSize.Server.Dashboard;
using RightSize.Server.Security;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Dashboard;

/// <summary>With access keys the dashboard needs a signed-in session (HttpOnly, SameSite=Strict) and a CSRF token on writes; without keys it binds loopback only.</summary>
public sealed class DashboardSecurityTests
{
    private static readonly AccessKey Key = new("AKIDDASHBOARD", "dashboard-secret-value");

    [Fact]
    public async Task With_keys_the_browser_signs_in_and_is_refused_without_a_session()
    {
        await using var server = await TestServer.StartAsync(keys: [Key]);
        using (var anonymous = new HttpClient { BaseAddress = server.Dashboard })
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/jobs")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/jobs", JsonContent.Create(new { JobName = "x" }))).StatusCode);
            var wrong = await anonymous.PostAsync("/api/session", JsonContent.Create(new { Key.AccessKeyId, SecretAccessKey = "wrong" }));
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }

        using var browser = Browser.Start();
        await browser.RunAsync(nameof(With_keys_the_browser_signs_in_and_is_refused_without_a_session), async () =>
        {
            browser.Open(server.Dashboard, "#/jobs");
            await browser.UntilAsync(() => browser.Find("#login-form") is not null, TimeSpan.FromSeconds(15), "the sign-in form");
            browser.Find("#access-key-id")!.SendKeys(Key.AccessKeyId);
            browser.Find("#secret-access-key")!.SendKeys("not-the-secret");
            browser.Find("#login-form button[type=submit]")!.Click();
            await browser.UntilAsync(() => browser.Text("#login-error").Length > 0, TimeSpan.FromSeconds(10), "the refusal");
            Assert.Null(browser.Find("#jobs-table"));

            browser.Find("#secret-access-key")!.SendKeys(Key.SecretAccessKey);
            browser.Find("#login-form button[type=submit]")!.Click();
            await browser.UntilAsync(() => browser.Find("#jobs-table") is not null, TimeSpan.FromSeconds(10), "the jobs page");
            Assert.DoesNotContain(Key.SecretAccessKey, browser.Driver.Url, StringComparison.Ordinal);

            var cookie = browser.Driver.Manage().Cookies.GetCookieNamed("rightsize-session");
            Assert.NotNull(cookie);
            Assert.True(cookie.IsHttpOnly);
            Assert.Equal("Strict", cookie.SameSite);
            Assert.DoesNotContain("rightsize-session", browser.Driver.ExecuteScript("return document.cookie") as string ?? string.Empty, StringComparison.Ordinal);

            // A write with the session but without its CSRF token is refused; with the token it reaches the API.
            const string Stop = "const r = await fetch('/api/jobs/none/stop', {method: 'POST', headers: arguments[0]}); return r.status;";
            var script = $"return (async () => {{ {Stop.Replace("arguments[0]", "h", StringComparison.Ordinal)} }})();";
            Assert.Equal(403L, browser.Driver.ExecuteScript($"const h = {{}}; {script}"));
            var csrf = browser.Driver.ExecuteScript("return fetch('/api/session').then(r => r.json()).then(s => s.Csrf)") as string;
            Assert.False(string.IsNullOrEmpty(csrf));
            Assert.Equal(400L, browser.Driver.ExecuteScript($"const h = {{'X-RightSize-Csrf': '{csrf}'}}; {script}"));

            browser.Find("#who button")!.Click();
            await browser.UntilAsync(() => browser.Find("#login-form") is not null, TimeSpan.FromSeconds(10), "signed out");
            Assert.Equal(401L, browser.Driver.ExecuteScript("return fetch('/api/jobs').then(r => r.status)"));
        });
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_client_address()
    {
        await using var server = await TestServer.StartAsync(keys: [Key]);
        using var client = new HttpClient { BaseAddress = server.Dashboard };
        var wrong = new { Key.AccessKeyId, SecretAccessKey = "guess" };

        // The limit's attempts are refused as wrong keys; the next one, even with the right secret, is throttled
        // (the window is minutes long, so it cannot end between these requests).
        for (var i = 0; i < SignInLimit.Attempts; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/session", JsonContent.Create(wrong))).StatusCode);
        }

        var throttled = await client.PostAsync("/api/session", JsonContent.Create(new { Key.AccessKeyId, Key.SecretAccessKey }));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.False(throttled.Headers.Contains("Set-Cookie"));
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Contains("ThrottlingException", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Reading the session and the page are not sign-in attempts: they still answer.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/session")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Without_keys_the_dashboard_refuses_a_non_loopback_address()
    {
        var folder = TestServer.NewFolder();
        try
        {
            var started = await ServerHost.StartAsync(new ServerOptions
            {
                Urls = "http://127.0.0.1:0",
                DashboardUrls = "http://0.0.0.0:0",
                WorkingDirectory = folder,
                DataDirectory = Path.Combine(folder, "data"),
                WorkspacePath = Path.Combine(folder, "rightsize.json"),
            });
            Assert.False(started.Succeeded);
            Assert.Contains(started.Errors, e => e.Path == "--dashboard-urls" && e.Message.Contains("not a loopback address", StringComparison.Ordinal));
        }
        finally
        {
            TestServer.DeleteFolder(folder);
        }
    }
}
