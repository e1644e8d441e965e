using System.Net;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Api;

/// <summary>Mistakes botocore would catch before sending, sent over plain HTTP: every error at once, each naming its member.</summary>
public sealed class ValidationTests
{
    [Fact]
    public async Task Every_error_is_reported_at_once_with_its_member()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new SageMakerHttp(server.Url);

        var (status, body) = await http.CallAsync("ListInferenceRecommendationsJobs", """{"MaxResults": 0, "SortBy": "Size", "NextToken": "forged"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        Assert.All(new[] { "MaxResults", "SortBy", "NextToken" }, m => Assert.Contains(m, body.GetProperty("message").GetString(), StringComparison.Ordinal));

        var unknown = await http.CallAsync("ListModels", """{"Extra": 1, "MaxResults": "ten"}""");
        Assert.All(new[] { "Extra", "MaxResults" }, m => Assert.Contains(m, unknown.Body.GetProperty("message").GetString(), StringComparison.Ordinal));

        Assert.Equal("UnknownOperationException", (await http.CallAsync("Nope", "{}")).Body.GetProperty("__type").GetString());
        Assert.Equal("SerializationException", (await http.CallAsync("DescribeModel", "{not json")).Body.GetProperty("__type").GetString());
    }

    private const string Container = "\"PrimaryContainer\": {\"Image\": \"builtin:synthetic\"}}";

    [Fact]
    public async Task Pages_follow_NextToken_to_the_end()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new SageMakerHttp(server.Url);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.CallAsync("CreateModel", "{\"ModelName\": \"m" + i + "\", " + Container)).Status);
        }

        var names = new List<string>();
        string? token = null;
        for (var page = 0; page < 10; page++)
        {
            var request = token is null ? """{"MaxResults": 2, "SortBy": "Name", "SortOrder": "Ascending"}"""
                : $$"""{"MaxResults": 2, "SortBy": "Name", "SortOrder": "Ascending", "NextToken": "{{token}}"}""";
            var body = (await http.CallAsync("ListModels", request)).Body;
            names.AddRange(body.GetProperty("Models").EnumerateArray().Select(m => m.GetProperty("ModelName").GetString()!));
            token = body.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            if (token is null)
            {
                break;
            }
        }

        Assert.Equal(["m0", "m1", "m2", "m3", "m4", "synthetic"], names);
    }
}
