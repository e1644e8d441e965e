using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Dashboard;

/// <summary>Issue #14: the create form's "copy as aws CLI / boto3" code runs unchanged with the real tools and creates the job the form describes.</summary>
[Collection(TimingSensitive.Name)]
public sealed class DashboardCopyAsCodeTests
{
    [Fact]
    public async Task The_copied_aws_cli_command_and_boto3_snippet_run_as_they_are_and_create_the_form_s_job()
    {
        await using var server = await TestServer.StartAsync();
        using var browser = Browser.Start();
        var (cli, python) = (string.Empty, string.Empty);
        await browser.RunAsync(nameof(The_copied_aws_cli_command_and_boto3_snippet_run_as_they_are_and_create_the_form_s_job), async () =>
        {
            browser.Open(server.Dashboard, "#/create");
            await browser.UntilAsync(() => browser.Find("#stairs-seconds") is not null && browser.Find("#model-name option") is not null, TimeSpan.FromSeconds(15), "the form");
            browser.Fill("#stairs-seconds", "3");
            browser.Fill("#stairs-steps", "1");
            browser.Fill("#stairs-users", "1");
            browser.Fill("#window-seconds", "1");
            browser.Fill("#job-name", "copied-cli");
            browser.Find("#copy-cli")!.Click();
            await browser.UntilAsync(() => browser.Text("#create-code").StartsWith("aws sagemaker", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the aws CLI command");
            cli = browser.Text("#create-code");
            browser.Fill("#job-name", "copied-boto3");
            browser.Find("#copy-boto3")!.Click();
            await browser.UntilAsync(() => browser.Text("#create-code").StartsWith("import boto3", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the boto3 snippet");
            python = browser.Text("#create-code");
        });

        Assert.Contains($"--endpoint-url {new Uri(server.Url).GetLeftPart(UriPartial.Authority)}", cli, StringComparison.Ordinal);
        var ranCli = await AwsCli.RunAsync(["-c", cli], "any", "credentials", "/bin/sh");
        Assert.True(ranCli.ExitCode == 0, $"{cli}\n{ranCli.Stdout}\n{ranCli.Stderr}");
        Assert.Contains(":inference-recommendations-job/copied-cli", ranCli.Stdout, StringComparison.Ordinal);
        var ranPython = await AwsCli.RunAsync(["-c", python], "any", "credentials", "python3");
        Assert.True(ranPython.ExitCode == 0, $"{python}\n{ranPython.Stdout}\n{ranPython.Stderr}");
        Assert.Contains(":inference-recommendations-job/copied-boto3", ranPython.Stdout, StringComparison.Ordinal);

        // Both created what the form said: the stairs, the window tag, the model.
        var aws = new AwsCli(server.Url.ToString());
        foreach (var name in new[] { "copied-cli", "copied-boto3" })
        {
            var describe = (await aws.SageMakerAsync("describe-inference-recommendations-job", "--job-name", name)).Json;
            var stairs = describe.GetProperty("InputConfig").GetProperty("TrafficPattern").GetProperty("Stairs");
            Assert.Equal(3, stairs.GetProperty("DurationInSeconds").GetInt32());
            Assert.Equal(1, stairs.GetProperty("NumberOfSteps").GetInt32());
            Assert.Equal(1, stairs.GetProperty("UsersPerStep").GetInt32());
            Assert.False(string.IsNullOrEmpty(describe.GetProperty("InputConfig").GetProperty("ModelName").GetString()));
            await aws.SageMakerAsync("stop-inference-recommendations-job", "--job-name", name);
        }
    }
}
