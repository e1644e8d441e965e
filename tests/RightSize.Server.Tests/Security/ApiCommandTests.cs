using System.Net;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Security;

/// <summary>An API caller never chooses what runs on the host: commands, images and loader variables are the operator's.</summary>
public sealed class ApiCommandTests
{
    private const string ProcessModel = """
        {"ModelName": "shell", "PrimaryContainer": {"Image": "process", "Environment": {"RIGHTSIZE_COMMAND": "touch /tmp/pwned"}}}
        """;

    [Fact]
    public async Task A_process_model_a_docker_image_and_loader_variables_from_the_API_are_refused_by_default()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new SageMakerHttp(server.Url);

        var process = await http.CallAsync("CreateModel", ProcessModel);
        Assert.Equal(HttpStatusCode.BadRequest, process.Status);
        Assert.Contains("PrimaryContainer.Image: Image 'process' runs a command", process.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("--allow-api-commands", process.Body.GetProperty("message").GetString(), StringComparison.Ordinal);

        var docker = await http.CallAsync("CreateModel", """{"ModelName": "img", "PrimaryContainer": {"Image": "alpine:3"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, docker.Status);

        var preload = await http.CallAsync("CreateModel",
            """{"ModelName": "pre", "PrimaryContainer": {"Image": "builtin:synthetic", "Environment": {"LD_PRELOAD": "/tmp/x.so", "DOTNET_STARTUP_HOOKS": "/tmp/h.dll"}}}""");
        var message = preload.Body.GetProperty("message").GetString();
        Assert.Contains("PrimaryContainer.Environment[\"LD_PRELOAD\"]", message, StringComparison.Ordinal);
        Assert.Contains("PrimaryContainer.Environment[\"DOTNET_STARTUP_HOOKS\"]", message, StringComparison.Ordinal);

        // A job may not set the command (or a loader variable) of a model through its EnvironmentParameterRanges either.
        var job = TestJobs.Request("ranged").Replace("""{"InstanceType": "local.cpu1"}""",
            """{"InstanceType": "local.cpu1", "EnvironmentParameterRanges": {"CategoricalParameterRanges": [{"Name": "RIGHTSIZE_COMMAND", "Value": ["id"]}]}}""",
            StringComparison.Ordinal);
        var ranged = await http.CallAsync("CreateInferenceRecommendationsJob", job);
        Assert.Equal(HttpStatusCode.BadRequest, ranged.Status);
        Assert.Contains("CategoricalParameterRanges[0].Name", ranged.Body.GetProperty("message").GetString(), StringComparison.Ordinal);

        var models = await http.CallAsync("ListModels", "{}");
        Assert.Equal(["synthetic"], models.Body.GetProperty("Models").EnumerateArray().Select(m => m.GetProperty("ModelName").GetString()));
    }

    [Fact]
    public async Task The_operator_opt_in_lets_API_callers_create_process_models()
    {
        await using var server = await TestServer.StartAsync(o => o with { AllowApiCommands = true });
        using var http = new SageMakerHttp(server.Url);
        Assert.Equal(HttpStatusCode.OK, (await http.CallAsync("CreateModel", ProcessModel)).Status);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(10, true)]
    public async Task A_failed_endpoint_log_reaches_API_callers_only_when_the_operator_allows(int logLines, bool shown)
    {
        var workspace = Path.Combine(TestServer.NewFolder(), "operator");
        Directory.CreateDirectory(Path.Combine(workspace, "payloads"));
        File.WriteAllText(Path.Combine(workspace, "payloads", "1.csv"), "1,2,3");
        File.WriteAllText(Path.Combine(workspace, "rightsize.json"), """
            {"Models": [{"ModelName": "operator-cmd", "PrimaryContainer": {"Image": "process",
              "Environment": {"RIGHTSIZE_COMMAND": "echo secret-line-42; exit 3"}}}]}
            """);
        await using var server = await TestServer.StartAsync(o => o with { WorkspacePath = Path.Combine(workspace, "rightsize.json"), EndpointLogLines = logLines });
        using var http = new SageMakerHttp(server.Url);
        var job = TestJobs.Request("logs").Replace("\"ModelName\": \"synthetic\"",
            "\"ModelName\": \"operator-cmd\", \"ContainerConfig\": {\"PayloadConfig\": {\"SamplePayloadUrl\": \"payloads\"}}", StringComparison.Ordinal);
        var created = await http.CallAsync("CreateInferenceRecommendationsJob", job);
        Assert.Equal(HttpStatusCode.OK, created.Status);

        await Poll.UntilAsync(async () => await http.StatusAsync("logs") is "FAILED" or "COMPLETED", TimeSpan.FromSeconds(60), "the job ends");
        var described = await http.CallAsync("DescribeInferenceRecommendationsJob", """{"JobName": "logs"}""");
        var reason = described.Body.GetProperty("FailureReason").GetString()!;
        Assert.Equal(shown, reason.Contains("secret-line-42", StringComparison.Ordinal));
        Assert.Equal(!shown, reason.Contains("withheld", StringComparison.Ordinal));
    }
}
