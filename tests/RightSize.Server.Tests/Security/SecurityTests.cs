using System.Diagnostics;
using System.Net;
using RightSize.Server.Security;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Security;

/// <summary>SigV4 through the real aws CLI, bind rules, request size limits and allowed roots.</summary>
public sealed class SecurityTests
{
    private static readonly AccessKey Key = new("AKIARIGHTSIZETEST01", "s3cr3t/s3cr3t+s3cr3t");

    [Fact]
    public async Task Signed_requests_with_a_configured_key_pass_and_others_are_refused()
    {
        await using var server = await TestServer.StartAsync(keys: [Key]);

        var right = await new AwsCli(server.Url, Key.AccessKeyId, Key.SecretAccessKey).SageMakerAsync("list-models");
        Assert.True(right.ExitCode == 0, right.Stderr);

        var created = await new AwsCli(server.Url, Key.AccessKeyId, Key.SecretAccessKey).SageMakerAsync(
            "create-model", "--model-name", "signed", "--primary-container", "Image=builtin:synthetic,Environment={A=b c}");
        Assert.True(created.ExitCode == 0, created.Stderr);

        var wrongSecret = await new AwsCli(server.Url, Key.AccessKeyId, "not-the-secret").SageMakerAsync("list-models");
        Assert.NotEqual(0, wrongSecret.ExitCode);
        Assert.Contains("(InvalidSignatureException)", wrongSecret.Stderr, StringComparison.Ordinal);

        var unknownKey = await new AwsCli(server.Url, "AKIAUNKNOWN", Key.SecretAccessKey).SageMakerAsync("list-models");
        Assert.Contains("(UnrecognizedClientException)", unknownKey.Stderr, StringComparison.Ordinal);

        using var unsigned = new SageMakerHttp(server.Url);
        var (status, body) = await unsigned.CallAsync("ListModels", "{}");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("MissingAuthenticationTokenException", body.GetProperty("__type").GetString());

        using var reader = new HttpClient { BaseAddress = server.Address };
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/jobs")).StatusCode);
    }

    [Fact]
    public async Task Without_keys_any_credentials_are_accepted_on_loopback()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(0, (await new AwsCli(server.Url, "whatever", "whatever").SageMakerAsync("list-models")).ExitCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:8080")]
    [InlineData("http://192.168.1.10:8080")]
    public async Task Non_loopback_binds_need_authentication(string url)
    {
        var started = await ServerHost.StartAsync(new ServerOptions { Urls = url, WorkingDirectory = Path.GetTempPath(), DataDirectory = "unused-never-created" });
        Assert.False(started.Succeeded);
        Assert.Contains(started.Errors, e => e.Path == "--urls" && e.Message.Contains("authentication", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_exits_2_when_asked_to_bind_all_addresses_without_keys()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rightsize.dll"), "serve", "--urls", "http://0.0.0.0:0" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove(AccessKeyFile.KeyIdVariable);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("not a loopback address", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_413_and_paths_outside_allowed_roots_are_refused()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new SageMakerHttp(server.Url);
        var huge = $$"""{"ModelName": "{{new string('a', 2 * 1024 * 1024)}}"}""";
        var (status, body) = await http.CallAsync("DescribeModel", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("RequestEntityTooLargeException", body.GetProperty("__type").GetString());

        var outside = """{"ModelName": "outside", "PrimaryContainer": {"Image": "builtin:xgboost", "ModelDataUrl": "file:///etc"}}""";
        Assert.Equal(HttpStatusCode.OK, (await http.CallAsync("CreateModel", outside)).Status);
        var job = TestJobs.Request("outside-job").Replace("\"ModelName\": \"synthetic\"", "\"ModelName\": \"outside\"", StringComparison.Ordinal);
        var refused = await http.CallAsync("CreateInferenceRecommendationsJob", job);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("outside the allowed directories", refused.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
