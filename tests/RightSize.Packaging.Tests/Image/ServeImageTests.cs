using System.Text.Json;
using RightSize.Packaging.Tests.Infrastructure;
using RightSize.Tests.Shared;

namespace RightSize.Packaging.Tests.Image;

/// <summary>
/// The container image (deploy/docker/Dockerfile, built without a registry by scripts/docker/build-rightsize-image.sh)
/// runs `rightsize serve` as a non-root user, reports healthy, and runs a job the real aws CLI creates through the
/// published port, its endpoint a reference model server the server starts inside the container.
/// </summary>
public sealed class ServeImageTests
{
    private const string Image = "rightsize/rightsize:local";
    private const string KeyId = "AKIDPACKAGINGTEST";
    private const string Secret = "packaging-test-secret";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task The_image_serves_the_SageMaker_API_as_a_non_root_user_reports_healthy_and_runs_a_job_from_the_aws_CLI()
    {
        (await Command.RunAsync("bash", [Repository.PathOf("scripts", "docker", "ensure-dockerd.sh")], Timeout)).Succeeded();
        (await Command.RunAsync("bash", [Repository.PathOf("scripts", "docker", "build-rightsize-image.sh"), Image], Timeout)).Succeeded();
        Assert.Equal("10001:10001", (await Docker("image", "inspect", "--format", "{{.Config.User}}", Image)).Trim());

        // Mounted read-only at /config: readable by the image's user 10001 (the default umask leaves files world-readable).
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"rightsize-image-{Guid.NewGuid():N}")).FullName;
        string? container = null;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "keys.json"), $$"""[ { "AccessKeyId": "{{KeyId}}", "SecretAccessKey": "{{Secret}}" } ]""");
            await File.WriteAllTextAsync(Path.Combine(folder, "rightsize.json"), """
                { "Models": [ { "ModelName": "synthetic", "PrimaryContainer": { "Image": "builtin:synthetic",
                    "Environment": { "RIGHTSIZE_SYNTHETIC_SLOTS": "4", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "5" } } } ] }
                """);
            // Off loopback, so with keys; published on the host's loopback only.
            container = (await Docker("run", "-d", "--label", "rightsize.test=packaging", "-p", "127.0.0.1::8080",
                "-v", $"{folder}:/config:ro", Image, "serve", "--urls", "http://0.0.0.0:8080", "--auth-keys", "/config/keys.json",
                "--workspace", "/config/rightsize.json", "--relaxed-validation")).Trim();
            var port = (await Docker("port", container, "8080/tcp")).Trim().Split(':')[^1];
            var url = $"http://127.0.0.1:{port}";
            await Poll.UntilAsync(async () => (await AwsAsync(url, "list-inference-recommendations-jobs")).ExitCode == 0,
                TimeSpan.FromSeconds(60), "the server in the container to answer the aws CLI");

            var created = await AwsAsync(url, "create-inference-recommendations-job", "--job-name", "in-the-image", "--job-type", "Advanced",
                "--role-arn", "arn:aws:iam::123456789012:role/rightsize", "--tags", "Key=rightsize:window-seconds,Value=2", "--input-config", """
                { "ModelName": "synthetic", "EndpointConfigurations": [ { "InstanceType": "local.cpu1" } ],
                  "TrafficPattern": { "TrafficType": "PHASES", "Phases": [ { "InitialNumberOfUsers": 2, "SpawnRate": 0, "DurationInSeconds": 4 } ] } }
                """);
            Assert.True(created.ExitCode == 0, created.Output + await Docker("logs", container));

            JsonElement describe = default;
            await Poll.UntilAsync(async () =>
            {
                describe = JsonDocument.Parse((await AwsAsync(url, "describe-inference-recommendations-job", "--job-name", "in-the-image")).Succeeded().Output).RootElement;
                return describe.GetProperty("Status").GetString() is "COMPLETED" or "FAILED" or "STOPPED";
            }, TimeSpan.FromSeconds(90), "the job in the image to finish");
            Assert.True(describe.GetProperty("Status").GetString() == "COMPLETED", describe.ToString());
            Assert.True(describe.GetProperty("InferenceRecommendations")[0].GetProperty("Metrics").GetProperty("MaxInvocations").GetInt64() > 0, describe.ToString());

            // The HEALTHCHECK runs `rightsize health` in the container every 10 s.
            await Poll.UntilAsync(async () => (await Docker("inspect", "--format", "{{.State.Health.Status}}", container)).Trim() == "healthy",
                TimeSpan.FromSeconds(60), "the container to report healthy");
            var users = await Docker("top", container, "-o", "uid,pid,comm");
            Assert.DoesNotMatch(@"(?m)^0\s", users);
        }
        finally
        {
            if (container is not null)
            {
                await Command.RunAsync("docker", ["rm", "-f", "-v", container], Timeout);
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> Docker(params string[] arguments) =>
        (await Command.RunAsync("docker", arguments, Timeout)).Succeeded().Output;

    private static Task<CommandResult> AwsAsync(string url, params string[] arguments) =>
        Command.RunAsync("aws", ["sagemaker", .. arguments, "--endpoint-url", url, "--region", "us-east-1", "--output", "json"], TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = KeyId,
                ["AWS_SECRET_ACCESS_KEY"] = Secret,
                ["AWS_CONFIG_FILE"] = "/dev/null",
                ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
                ["AWS_PAGER"] = "",
                ["AWS_MAX_ATTEMPTS"] = "1",
            });
}
