using System.Net;
using System.Text;
using System.Text.Json;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.LlmSynthetic;

/// <summary>The reference LLM server hosting named inference components, routed by SageMaker's header, refusing as SageMaker does.</summary>
public sealed class InferenceComponentTests
{
    private const string Body = """{"inputs":"a b","parameters":{"max_new_tokens":2}}""";

    private static async Task<(HttpStatusCode Status, string? ErrorType, string Body)> InvokeAsync(TestServer server, string? component)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        if (component is not null)
        {
            request.Headers.Add("X-Amzn-SageMaker-Inference-Component", component);
        }

        using var response = await server.Client.SendAsync(request);
        return (response.StatusCode, response.Headers.TryGetValues("x-amzn-ErrorType", out var type) ? type.Single() : null, await response.Content.ReadAsStringAsync());
    }

    private static (string Code, string Message) Error(string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        return (root.GetProperty("ErrorCode").GetString()!, root.GetProperty("Message").GetString()!);
    }

    [Fact]
    public async Task Requests_naming_a_hosted_component_are_answered_and_missing_or_unknown_names_get_SageMakers_validation_error()
    {
        await using var server = await TestServer.StartAsync(["--llm-synthetic"], new Dictionary<string, string>
        {
            ["RIGHTSIZE_LLM_DECODE_STEP_MS"] = "1",
            ["RIGHTSIZE_LLM_INFERENCE_COMPONENTS"] = "chat-a, chat-b",
        });

        var a = await InvokeAsync(server, "chat-a");
        var b = await InvokeAsync(server, "chat-b");
        var unknown = await InvokeAsync(server, "chat-x");
        var missing = await InvokeAsync(server, null);

        Assert.Equal((HttpStatusCode.OK, null), (a.Status, a.ErrorType));
        Assert.Equal(2, JsonDocument.Parse(a.Body).RootElement[0].GetProperty("details").GetProperty("generated_tokens").GetInt32());
        Assert.Equal(HttpStatusCode.OK, b.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "ValidationError"), (unknown.Status, unknown.ErrorType));
        var (code, message) = Error(unknown.Body);
        Assert.Equal("INFERENCE_COMPONENT_NOT_FOUND", code);
        Assert.Contains("'chat-x'", message, StringComparison.Ordinal);
        Assert.Contains("'chat-a', 'chat-b'", message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "ValidationError"), (missing.Status, missing.ErrorType));
        Assert.Equal("INFERENCE_COMPONENT_NAME_MISSING", Error(missing.Body).Code);
    }

    [Fact]
    public async Task An_endpoint_without_components_refuses_a_named_one_and_bad_component_names_are_named()
    {
        await using var server = await TestServer.StartAsync(["--llm-synthetic"], new Dictionary<string, string> { ["RIGHTSIZE_LLM_DECODE_STEP_MS"] = "1" });

        var named = await InvokeAsync(server, "chat-a");
        var plain = await InvokeAsync(server, null);
        var parsed = ServeArguments.Parse(["--llm-synthetic"], name => name == "RIGHTSIZE_LLM_INFERENCE_COMPONENTS" ? "ok,-bad,ok" : null);

        Assert.Equal((HttpStatusCode.BadRequest, "ValidationError"), (named.Status, named.ErrorType));
        Assert.Equal("INFERENCE_COMPONENT_NAME_NOT_ALLOWED", Error(named.Body).Code);
        Assert.Equal(HttpStatusCode.OK, plain.Status);
        Assert.Equal(2, parsed.Errors.Count);
        Assert.StartsWith("RIGHTSIZE_LLM_INFERENCE_COMPONENTS: '-bad' is not an inference component name", parsed.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("RIGHTSIZE_LLM_INFERENCE_COMPONENTS: 'ok' is given twice", parsed.Errors[1], StringComparison.Ordinal);
    }
}
