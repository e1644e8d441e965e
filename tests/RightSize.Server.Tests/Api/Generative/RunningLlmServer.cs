using RightSize.Endpoints;
using RightSize.Models;
using RightSize.Workspaces;

namespace RightSize.Server.Tests.Api.Generative;

/// <summary>A <c>builtin:llm-synthetic</c> endpoint already running (a local process), to name as a workspace endpoint.</summary>
internal sealed class RunningLlmServer : IAsyncDisposable
{
    private readonly DirectoryInfo _state;
    private readonly IEndpoint _endpoint;

    private RunningLlmServer(DirectoryInfo state, IEndpoint endpoint)
    {
        _state = state;
        _endpoint = endpoint;
    }

    public static async Task<RunningLlmServer> StartAsync(Dictionary<string, string> environment)
    {
        var state = Directory.CreateTempSubdirectory("rightsize-ai-endpoint-");
        using var http = new HttpClient();
        var provisioning = await new LocalProcessEndpointProvider(new LocalProcessOptions { StateDirectory = state.FullName, CgroupRoot = null }, http,
            JobPayloads.LlmSyntheticProbe, TimeProvider.System).ProvisionAsync(new EndpointRequest
            {
                EndpointName = "running-llm",
                Model = new CreateModelRequest { ModelName = "llm", PrimaryContainer = new ContainerDefinition { Image = BuiltInImages.LlmSynthetic } },
                Environment = environment,
            }, CancellationToken.None);
        if (provisioning.Endpoint is null)
        {
            state.Delete(recursive: true);
            Assert.Fail($"the LLM server did not start: {provisioning.FailureReason}");
        }

        return new RunningLlmServer(state, provisioning.Endpoint);
    }

    /// <summary>The server's URL for <paramref name="path"/>, e.g. <c>/v1/completions</c>.</summary>
    public Uri Url(string path) => new(_endpoint.InvocationsUrl, path);

    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _state.Delete(recursive: true);
    }
}
