using System.Net;
using System.Text;
using System.Text.Json;
using RightSize.Server.Api;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Security;

/// <summary>Malformed text is a 400 naming the member; small requests cannot cost big answers; the allowed roots never include /.</summary>
public sealed class InputLimitTests
{
    [Fact]
    public async Task Lone_surrogates_and_invalid_UTF8_in_member_names_are_400_naming_the_member_for_every_operation()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        foreach (var operation in Operations.Names)
        {
            foreach (var body in new[] { Encoding.UTF8.GetBytes("""{"\ud800": 1}"""), [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'] })
            {
                var (status, json) = await SendAsync(http, operation, body);
                Assert.True(status == HttpStatusCode.BadRequest, $"{operation}: {status} {json}");
                var message = JsonDocument.Parse(json).RootElement.GetProperty("message").GetString();
                Assert.True(message!.Contains("(member 1)", StringComparison.Ordinal) || message.Contains("malformed JSON", StringComparison.Ordinal), message);
            }
        }
    }

    [Fact]
    public async Task A_job_with_260000_endpoint_configurations_is_refused_with_a_small_error()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        var many = string.Join(",", Enumerable.Repeat("{}", 260_000));
        var job = TestJobs.Request("many").Replace("""[{"InstanceType": "local.cpu1"}]""", $"[{many}]", StringComparison.Ordinal);
        Assert.True(job.Length < 1024 * 1024);

        var (status, json) = await SendAsync(http, "CreateInferenceRecommendationsJob", Encoding.UTF8.GetBytes(job));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(json.Length < 4096, $"{json.Length} characters");
        Assert.Contains("InputConfig.EndpointConfigurations: has 260000 items", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_longer_than_SageMaker_allows_is_refused_naming_the_member_and_its_limit_before_anything_is_created()
    {
        await using var server = await TestServer.StartAsync();
        var aws = new AwsCli(server.Url);
        var types = Enumerable.Repeat("local.cpu1", 11).ToArray();

        var job = await aws.CreateJobAsync("eleven", TestJobs.InputConfig(4, "synthetic", types));
        var environment = string.Join(",", Enumerable.Range(0, 101).Select(i => $"V{i}=x"));
        var model = await aws.SageMakerAsync("create-model", "--model-name", "crowded", "--primary-container", $"Image=builtin:synthetic,Environment={{{environment}}}");

        Assert.NotEqual(0, job.ExitCode);
        Assert.Contains("ValidationException", job.Stderr, StringComparison.Ordinal);
        Assert.Contains("InputConfig.EndpointConfigurations: has 11 items; SageMaker allows at most 10", job.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, model.ExitCode);
        Assert.Contains("PrimaryContainer.Environment: has 101 items; SageMaker allows at most 100", model.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await aws.SageMakerAsync("list-inference-recommendations-jobs")).Json.GetProperty("InferenceRecommendationsJobs").GetArrayLength());
        Assert.DoesNotContain("crowded", (await aws.SageMakerAsync("list-models")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hundreds_of_errors_are_answered_with_the_first_fifty_and_a_count()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        // Within SageMaker's list limits (50 tags, 100 variables), every item wrong: 150 errors.
        var tags = string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""{"Key": "", "Value": "{{new string('v', 300)}}"}"""));
        var environment = string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"{i}bad{new string('k', 900)}\": \"v\""));
        var (status, json) = await SendAsync(http, "CreateModel", Encoding.UTF8.GetBytes(
            $$$"""{"ModelName": "tagged", "PrimaryContainer": {"Image": "builtin:synthetic", "Environment": {{{{environment}}}}}, "Tags": [{{{tags}}}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("more errors", json, StringComparison.Ordinal);
        Assert.True(json.Length < (ApiResponse.MaxErrors + 1) * ApiResponse.MaxErrorLength, $"{json.Length} characters");
    }

    [Fact]
    public async Task Started_in_the_filesystem_root_the_server_serves_no_file_outside_its_folders_and_hides_what_exists()
    {
        var data = TestServer.NewFolder();
        var started = await ServerHost.StartAsync(new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            WorkingDirectory = "/",
            DataDirectory = Path.Combine(data, "data"),
            EndpointStateDirectory = Path.Combine(data, "endpoints"),
            RelaxedValidation = true,
        });
        Assert.True(started.Succeeded, string.Join("; ", started.Errors));
        await using var server = started.Value;
        using var http = new SageMakerHttp(server.Address.ToString().TrimEnd('/'));

        Assert.Equal(HttpStatusCode.OK, (await http.CallAsync("CreateModel", """{"ModelName": "synth", "PrimaryContainer": {"Image": "builtin:synthetic"}}""")).Status);
        var messages = new List<string>();
        foreach (var path in new[] { "/etc/hostname", "/etc/no-such-file-here" })
        {
            var job = $$$"""
                {"JobName": "root", "JobType": "Advanced", "RoleArn": "{{{TestJobs.RoleArn}}}",
                 "InputConfig": {"ModelName": "synth", "ContainerConfig": {"PayloadConfig": {"SamplePayloadUrl": "file://{{{path}}}"}},
                   "TrafficPattern": {"TrafficType": "STAIRS", "Stairs": {"DurationInSeconds": 4, "NumberOfSteps": 1, "UsersPerStep": 1}},
                   "EndpointConfigurations": [{"InstanceType": "local.cpu1"}]}}
                """;
            var (status, body) = await http.CallAsync("CreateInferenceRecommendationsJob", job);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            messages.Add(body.GetProperty("message").GetString()!.Replace(path, "PATH", StringComparison.Ordinal));
        }

        Assert.Contains("outside the allowed directories", messages[0], StringComparison.Ordinal);
        Assert.Equal(messages[0], messages[1]);
        TestServer.DeleteFolder(data);
    }

    [Fact]
    public async Task The_filesystem_root_cannot_be_an_allowed_root()
    {
        var started = await ServerHost.StartAsync(new ServerOptions { AllowedRoots = ["/"], WorkingDirectory = Path.GetTempPath(), DataDirectory = "unused-never-created" });
        Assert.False(started.Succeeded);
        Assert.Contains(started.Errors, e => e.Path == "--allowed-root" && e.Message.Contains("filesystem root", StringComparison.Ordinal));
    }

    private static async Task<(HttpStatusCode Status, string Json)> SendAsync(HttpClient http, string operation, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "SageMaker." + operation);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
