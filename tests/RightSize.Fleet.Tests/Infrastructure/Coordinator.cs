using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RightSize.Core.Tests.Endpoints.Docker;

namespace RightSize.Fleet.Tests.Infrastructure;

/// <summary>A real <c>rightsize serve --nats</c> child process on 127.0.0.1, and the SageMaker calls the fleet tests make.</summary>
internal sealed class Coordinator : IAsyncDisposable
{
    /// <summary>The demo model in the reference model server's image (built by the Docker tests' helper).</summary>
    public const string DockerModel = "demo-docker";

    // A copy of the demo model in the coordinator's folder (the server reads models only there); the agents run on this
    // machine, so they see it at the same path, as shared storage would give them.
    private static string Workspace(string modelDirectory) => $$$$"""
        {"Models": [{"ModelName": "synthetic", "PrimaryContainer": {"Image": "builtin:synthetic",
          "Environment": {"RIGHTSIZE_SYNTHETIC_SLOTS": "4", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "10"}}},
          {"ModelName": "{{{{DockerModel}}}}", "PrimaryContainer": {"Image": "{{{{DockerTestEnvironment.Image}}}}",
           "ModelDataUrl": {{{{JsonSerializer.Serialize(modelDirectory)}}}}}}]}
        """;

    private readonly string _folder;
    private readonly HttpClient _http;

    private Coordinator(string folder, string url, RightSizeProcess process)
    {
        _folder = folder;
        Process = process;
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public RightSizeProcess Process { get; }

    /// <summary>The SageMaker API's base URL.</summary>
    public string Url => _http.BaseAddress!.ToString();

    public static Task<Coordinator> StartAsync(string natsUrl, params string[] extra) =>
        StartInAsync(Directory.CreateTempSubdirectory("rightsize-coordinator-").FullName, natsUrl, extra);

    /// <summary>A new coordinator on this one's data (after <see cref="RightSizeProcess.KillAsync"/>: the store a killed server left).</summary>
    public Task<Coordinator> RestartAsync(string natsUrl, params string[] extra) => StartInAsync(_folder, natsUrl, extra);

    private static async Task<Coordinator> StartInAsync(string folder, string natsUrl, string[] extra)
    {
        var model = Path.Combine(folder, "demo-model");
        foreach (var file in Directory.EnumerateFiles(DockerTestEnvironment.DemoModelDirectory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(model, Path.GetRelativePath(DockerTestEnvironment.DemoModelDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "rightsize.json"), Workspace(model));
        var url = $"http://127.0.0.1:{FreePort()}";
        string[] dashboard = extra.Contains("--dashboard-urls") ? [] : ["--dashboard-urls", "none"];
        var process = RightSizeProcess.Start(["serve", "--urls", url, .. dashboard, "--data", Path.Combine(folder, "data"),
            "--workspace", Path.Combine(folder, "rightsize.json"), "--relaxed-validation", "--nats", natsUrl, .. extra]);
        var coordinator = new Coordinator(folder, url, process);
        await Poll.UntilAsync(async () => process.HasExited || await coordinator.RespondsAsync(), TimeSpan.FromSeconds(60), "the coordinator to serve");
        Assert.False(process.HasExited, process.Output);
        return coordinator;
    }

    /// <summary>Creates a short STAIRS job of the synthetic model with one endpoint configuration per instance type.</summary>
    public Task CreateJobAsync(string name, int seconds, params string[] instanceTypes) => CreateJobAsync(name, seconds, [], instanceTypes.Length, instanceTypes);

    /// <summary>As <see cref="CreateJobAsync(string, int, string[])"/>, with more tags (key, value), MaxParallelOfTests and the model.</summary>
    public async Task CreateJobAsync(string name, int seconds, (string Key, string Value)[] tags, int parallel, string[] instanceTypes, string model = "synthetic")
    {
        var configurations = string.Join(", ", instanceTypes.Select(t => $"{{\"InstanceType\": \"{t}\"}}"));
        var (status, body) = await CallAsync("CreateInferenceRecommendationsJob", $$$"""
            {"JobName": "{{{name}}}", "JobType": "Advanced", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
             "InputConfig": {"ModelName": "{{{model}}}",
               "TrafficPattern": {"TrafficType": "STAIRS", "Stairs": {"DurationInSeconds": {{{seconds}}}, "NumberOfSteps": 2, "UsersPerStep": 2}},
               "ResourceLimit": {"MaxNumberOfTests": 10, "MaxParallelOfTests": {{{parallel}}}},
               "EndpointConfigurations": [{{{configurations}}}]},
             "StoppingConditions": {"ModelLatencyThresholds": [{"Percentile": "P95", "ValueInMilliseconds": 1000}], "FlatInvocations": "Continue"},
             "Tags": [{"Key": "rightsize:window-seconds", "Value": "1"}{{{string.Concat(tags.Select(t => $", {{\"Key\": \"{t.Key}\", \"Value\": \"{t.Value}\"}}"))}}}]}
            """);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    public async Task<string> WaitForEndAsync(string name, TimeSpan timeout)
    {
        string? status = null;
        await Poll.UntilAsync(async () =>
        {
            var (_, body) = await CallAsync("DescribeInferenceRecommendationsJob", $$"""{"JobName": "{{name}}"}""");
            status = body.GetProperty("Status").GetString();
            return status is "COMPLETED" or "FAILED" or "STOPPED";
        }, timeout, $"job {name} to end");
        return status!;
    }

    /// <summary>Waits until the registry lists <paramref name="count"/> agents.</summary>
    public Task WaitForAgentsAsync(int count) =>
        Poll.UntilAsync(async () => (await GetJsonAsync("/api/agents")).GetArrayLength() == count, TimeSpan.FromSeconds(60), $"{count} agents");

    /// <summary>The details of a test's caveats and notes (a TestView).</summary>
    public static IEnumerable<string> Notes(JsonElement test) =>
        test.GetProperty("Caveats").EnumerateArray().Select(c => c.GetProperty("Detail").GetString()!);

    /// <summary>ListInferenceRecommendationsJobSteps' steps (JobName, StepType, Status, InferenceBenchmark ...).</summary>
    public async Task<JsonElement> StepsAsync(string name) =>
        (await CallAsync("ListInferenceRecommendationsJobSteps", $$"""{"JobName": "{{name}}"}""")).Body.GetProperty("Steps");

    /// <summary>DescribeInferenceRecommendationsJob's answer.</summary>
    public async Task<JsonElement> DescribeAsync(string name) => (await CallAsync("DescribeInferenceRecommendationsJob", $$"""{"JobName": "{{name}}"}""")).Body;

    /// <summary>The read API's tests of a job (TestView: Status, InstanceType, FailureReason, Caveats ...).</summary>
    public async Task<JsonElement> TestsAsync(string name) =>
        JsonDocument.Parse(await _http.GetStringAsync($"/api/jobs/{name}/tests")).RootElement.Clone();

    public async Task<JsonElement> GetJsonAsync(string path) => JsonDocument.Parse(await _http.GetStringAsync(path)).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _http.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(string operation, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "SageMaker." + operation);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<bool> RespondsAsync()
    {
        try
        {
            return (await CallAsync("ListModels", "{}")).Status == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
