using System.Text.Json;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Dashboard;

/// <summary>Issue #19: the create form offers the registry's model groups and versions, as the console does, and the job it creates names the chosen version.</summary>
[Collection(TimingSensitive.Name)]
public sealed class DashboardRegistryTests
{
    [Fact]
    public async Task The_create_form_picks_a_registered_group_and_version_and_the_job_names_that_version()
    {
        await using var server = await TestServer.StartAsync();
        using var api = new SageMakerHttp(server.Url);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.CallAsync("CreateModelPackageGroup", """{"ModelPackageGroupName": "churn"}""")).Status);
        const string Version = """
            {"ModelPackageGroupName": "churn", "ModelApprovalStatus": "Approved", "InferenceSpecification": {"Containers": [{"Image": "builtin:synthetic",
             "Environment": {"RIGHTSIZE_SYNTHETIC_SLOTS": "4", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "10"}}]}}
            """;
        var first = (await api.CallAsync("CreateModelPackage", Version)).Body.GetProperty("ModelPackageArn").GetString()!;
        Assert.EndsWith("/churn/2", (await api.CallAsync("CreateModelPackage", Version)).Body.GetProperty("ModelPackageArn").GetString(), StringComparison.Ordinal);

        using var browser = Browser.Start();
        await browser.RunAsync(nameof(The_create_form_picks_a_registered_group_and_version_and_the_job_names_that_version), async () =>
        {
            browser.Open(server.Dashboard, "#/create");
            await browser.UntilAsync(() => browser.Find("#source-registry") is { Enabled: true }, TimeSpan.FromSeconds(15), "the registry choice");
            browser.Find("#source-registry")!.Click();
            await browser.UntilAsync(() => browser.Find("#registry-box") is { Displayed: true } && browser.Find("#model-box") is { Displayed: false }, TimeSpan.FromSeconds(10), "the group and version fields");
            Assert.Equal("churn", browser.Find("#package-group")!.GetAttribute("value"));
            Assert.Equal(["Version 2 (Approved)", "Version 1 (Approved)"], browser.Find("#package-version")!.FindElements(OpenQA.Selenium.By.TagName("option")).Select(o => o.Text));
            browser.Find($"#package-version option[value='{first}']")!.Click();
            browser.Fill("#stairs-seconds", "60");
            browser.Fill("#stairs-steps", "1");
            browser.Fill("#stairs-users", "1");
            browser.Fill("#window-seconds", "1");
            browser.Fill("#job-name", "from-registry");
            browser.Find("#create-job")!.Click();
            await browser.UntilAsync(() => browser.Driver.Url.EndsWith("#/job/from-registry", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "the job page");
        });

        var described = (await api.CallAsync("DescribeInferenceRecommendationsJob", """{"JobName": "from-registry"}""")).Body;
        var input = described.GetProperty("InputConfig");
        Assert.Equal(first, input.GetProperty("ModelPackageVersionArn").GetString());
        Assert.False(input.TryGetProperty("ModelName", out _), input.ToString());
        await api.CallAsync("StopInferenceRecommendationsJob", """{"JobName": "from-registry"}""");
        await Poll.UntilAsync(async () => await api.StatusAsync("from-registry") is "STOPPED" or "COMPLETED" or "FAILED", TimeSpan.FromSeconds(30), "the job stops");
    }
}
