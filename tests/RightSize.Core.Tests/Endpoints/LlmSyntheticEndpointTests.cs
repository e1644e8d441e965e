using System.Text;
using RightSize.Endpoints;
using RightSize.Load;
using RightSize.Models;
using RightSize.Tests.Workspaces;

namespace RightSize.Core.Tests.Endpoints;

public sealed class LlmSyntheticEndpointTests
{
    [Fact]
    public async Task A_builtin_llm_synthetic_model_starts_as_a_local_endpoint_with_a_job_probe_of_csv_and_streams_chat_completions()
    {
        using var state = new TempDir();
        using var http = new HttpClient();
        // The probe a tabular job would send: the LLM server refuses CSV, so the provider must probe it with an LLM request.
        var provider = new LocalProcessEndpointProvider(
            new LocalProcessOptions { StateDirectory = state.Path, CgroupRoot = null }, http, new Payload(Encoding.UTF8.GetBytes("1,2"), "text/csv"), TimeProvider.System);
        var request = new EndpointRequest
        {
            EndpointName = "llm-synthetic-endpoint",
            Model = new CreateModelRequest { ModelName = "llm", PrimaryContainer = new ContainerDefinition { Image = BuiltInImages.LlmSynthetic } },
            Environment = new Dictionary<string, string> { ["RIGHTSIZE_LLM_DECODE_STEP_MS"] = "1" },
            SetupDeadline = TimeSpan.FromMinutes(2),
        };
        Assert.True(provider.CanProvision(request));

        var provisioning = await provider.ProvisionAsync(request, CancellationToken.None);

        Assert.Null(provisioning.FailureReason);
        await using var endpoint = provisioning.Endpoint!;
        var chat = new Uri(endpoint.InvocationsUrl, "/v1/chat/completions");
        using var content = new StringContent(
            """{"messages":[{"role":"user","content":"hello there"}],"max_tokens":3,"stream":true,"stream_options":{"include_usage":true}}""",
            Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(chat, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"completion_tokens\":3", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]", body.TrimEnd(), StringComparison.Ordinal);
    }
}
