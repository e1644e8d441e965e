using System.Net;
using System.Text;
using System.Text.Json;

namespace RightSize.Server.Tests.Infrastructure;

/// <summary>Plain JSON 1.1 calls without signing, for servers that accept any credentials.</summary>
internal sealed class SageMakerHttp : IDisposable
{
    private readonly HttpClient _http;

    public SageMakerHttp(string url) => _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(string operation, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "SageMaker." + operation);
        // With 100-continue a body the server refuses unread (413) is never sent, so the answer always arrives.
        request.Headers.ExpectContinue = json.Length > 64 * 1024;
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<string?> StatusAsync(string jobName) =>
        (await CallAsync("DescribeInferenceRecommendationsJob", $$"""{"JobName": "{{jobName}}"}""")).Body.TryGetProperty("Status", out var s) ? s.GetString() : null;

    public async Task<JsonElement> StepsAsync(string jobName) =>
        (await CallAsync("ListInferenceRecommendationsJobSteps", $$"""{"JobName": "{{jobName}}"}""")).Body.GetProperty("Steps");

    public Task<string> GetAsync(string path) => _http.GetStringAsync(path);

    public void Dispose() => _http.Dispose();
}
