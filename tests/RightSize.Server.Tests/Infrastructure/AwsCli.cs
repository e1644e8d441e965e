using System.Diagnostics;
using System.Text.Json;

namespace RightSize.Server.Tests.Infrastructure;

/// <summary>Runs the machine's real <c>aws</c> CLI against a test server.</summary>
internal sealed class AwsCli
{
    private readonly string _url;
    private readonly string _keyId;
    private readonly string _secret;

    public AwsCli(string url, string keyId = "anything", string secret = "anything")
    {
        _url = url;
        _keyId = keyId;
        _secret = secret;
    }

    public sealed record Output(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
    }

    public Task<Output> SageMakerAsync(params string[] args) => RunAsync(["sagemaker", .. args, "--endpoint-url", _url, "--region", "us-east-1", "--output", "json"], _keyId, _secret);

    /// <summary>Creates a short relaxed job (1 s windows) of <see cref="TestJobs"/>' shape.</summary>
    public Task<Output> CreateJobAsync(string name, string inputConfig) => SageMakerAsync(
        "create-inference-recommendations-job", "--job-name", name, "--job-type", "Advanced", "--role-arn", TestJobs.RoleArn,
        "--input-config", inputConfig, "--stopping-conditions", TestJobs.StoppingConditions, "--tags", TestJobs.WindowTag);

    public async Task<JsonElement> CompletedJobAsync(string name)
    {
        await Poll.UntilAsync(async () => (await SageMakerAsync("describe-inference-recommendations-job", "--job-name", name)).Json.GetProperty("Status").GetString()
            is "COMPLETED" or "FAILED" or "STOPPED", TimeSpan.FromSeconds(60), $"{name} finished");
        var describe = (await SageMakerAsync("describe-inference-recommendations-job", "--job-name", name)).Json;
        Assert.True(describe.GetProperty("Status").GetString() == "COMPLETED", describe.ToString());
        return describe;
    }

    /// <summary>Runs a command with the given credentials and no user config; kills it after a minute.</summary>
    public static async Task<Output> RunAsync(IEnumerable<string> args, string keyId, string secret, string program = "aws")
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = keyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Output(process.ExitCode, await stdout, await stderr);
    }
}
