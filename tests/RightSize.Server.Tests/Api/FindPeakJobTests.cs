using System.Text.Json;
using RightSize.Server.Security;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api;

/// <summary><c>rightsize autoscaling find-peak --job</c> as a user runs it: the real CLI process against a real server with keys.</summary>
[Collection(TimingSensitive.Name)]
public sealed class FindPeakJobTests
{
    private static readonly AccessKey Key = new("AKIARIGHTSIZEPEAK01", "peak/s3cr3t+key");

    [Fact]
    public async Task Find_peak_reads_a_servers_job_and_its_peak_window_signing_with_the_users_key()
    {
        await using var server = await TestServer.StartAsync(keys: [Key]);
        var aws = new AwsCli(server.Url, Key.AccessKeyId, Key.SecretAccessKey);
        Assert.Equal(0, (await aws.CreateJobAsync("peak-job", TestJobs.InputConfig(4))).ExitCode);
        var recommendation = (await aws.CompletedJobAsync("peak-job")).GetProperty("InferenceRecommendations")[0];
        var perInstance = recommendation.GetProperty("Metrics").GetProperty("MaxInvocations").GetInt64()
            / recommendation.GetProperty("EndpointConfiguration").GetProperty("InitialInstanceCount").GetInt32();

        var found = await FindPeakAsync(Key, "--job", "peak-job", "--endpoint-url", server.Url, "--json");

        Assert.True(found.ExitCode == 0, found.Stdout + found.Stderr);
        var root = found.Json;
        Assert.Equal(Math.Round(perInstance / 60.0, 2), root.GetProperty("MaxRps").GetDouble());
        Assert.Contains($"of job peak-job on {server.Url}", root.GetProperty("Source").GetString(), StringComparison.Ordinal);
        // The peak window from the read API: its rate is per-instance MaxInvocations before rounding down.
        var window = Assert.Single(root.GetProperty("Steps").EnumerateArray());
        Assert.InRange((window.GetProperty("Rps").GetDouble() * 60) - perInstance, 0, 1);
        Assert.InRange(window.GetProperty("SuccessRate").GetDouble(), 0.99, 1);
        Assert.True(window.GetProperty("P95Ms").GetDouble() > 0, window.ToString());
        // Without --max-rpm, 2 x MinCapacity: the server's GetScalingConfigurationRecommendation rule too.
        Assert.Equal(2, root.GetProperty("RegisterScalableTarget").GetProperty("MaxCapacity").GetInt32());

        var unsigned = await FindPeakAsync(null, "--job", "peak-job", "--endpoint-url", server.Url);
        Assert.Equal(1, unsigned.ExitCode);
        Assert.Contains("MissingAuthenticationTokenException", unsigned.Stdout, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", unsigned.Stdout, StringComparison.Ordinal);

        var missing = await FindPeakAsync(Key, "--job", "no-such-job", "--endpoint-url", server.Url);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ResourceNotFound", missing.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_peak_without_a_server_says_where_it_looked()
    {
        var found = await FindPeakAsync(null, "--job", "any-job", "--endpoint-url", "http://127.0.0.1:9");

        Assert.Equal(1, found.ExitCode);
        Assert.Contains("cannot reach http://127.0.0.1:9/", found.Stdout, StringComparison.Ordinal);
        Assert.Contains("rightsize serve", found.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Runs the real <c>rightsize</c> with the key in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or none.</summary>
    private static Task<AwsCli.Output> FindPeakAsync(AccessKey? key, params string[] args) => AwsCli.RunAsync(
        [Path.Combine(AppContext.BaseDirectory, "rightsize.dll"), "autoscaling", "find-peak", .. args], key?.AccessKeyId ?? string.Empty, key?.SecretAccessKey ?? string.Empty, "dotnet");
}
