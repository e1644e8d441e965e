using RightSize.Generative;
using RightSize.Models;
using RightSize.Server.Api;

namespace RightSize.Server.Generative;

/// <summary>
/// What a benchmark job's <c>BenchmarkTarget.Endpoint.Identifier</c> names: a workspace endpoint (an LLM server that
/// already runs, at its URL) or a model with image <c>builtin:llm-synthetic</c>, which the job starts for its run and
/// stops after it. RightSize has no CreateEndpoint, so these are its endpoints. Requests name the
/// <see cref="InferenceComponents"/> (the job's <c>BenchmarkTarget.Endpoint.InferenceComponents</c>, else the workspace
/// endpoint's <c>InferenceComponentName</c>), spread by the workload's <c>model_selection_strategy</c>.
/// </summary>
internal sealed record AiTarget(Uri? Url, CreateModelRequest? Model)
{
    public IReadOnlyList<string> InferenceComponents { get; init; } = [];

    /// <summary>The target, or the error message (null target) saying what exists.</summary>
    public static async Task<(AiTarget? Target, string? NotFound, string? Invalid)> ResolveAsync(ServerState state, string name, CancellationToken cancellationToken)
    {
        if (state.Workspace.Endpoints.FirstOrDefault(e => e.EndpointName == name) is { } endpoint)
        {
            return (new AiTarget(new Uri(endpoint.Url), null) { InferenceComponents = endpoint.InferenceComponentName is { } component ? [component] : [] }, null, null);
        }

        var model = (await ModelOperations.ForJobAsync(state, name, cancellationToken)).FirstOrDefault(m => m.ModelName == name);
        if (model is null)
        {
            var known = state.Workspace.Endpoints.Select(e => e.EndpointName).ToList();
            return (null, $"endpoint '{name}' does not exist: give a workspace endpoint (rightsize.json Endpoints{(known.Count > 0 ? ": " + string.Join(", ", known.Take(10)) : string.Empty)}) "
                + $"or a model with image {BuiltInImages.LlmSynthetic} (CreateModel)", null);
        }

        return model.PrimaryContainer?.Image == BuiltInImages.LlmSynthetic
            ? (new AiTarget(null, model), null, null)
            : (null, null, $"model '{name}' has image '{model.PrimaryContainer?.Image}'; a benchmark job drives an LLM server: a workspace endpoint, or a model with image {BuiltInImages.LlmSynthetic}");
    }

    /// <summary>The protocol a URL speaks, by its path: <c>/v1/completions</c>, <c>/invocations</c> (LMI/TGI), else OpenAI chat.</summary>
    public static GenerativeProtocol ProtocolOf(Uri url) => GenerativeProtocols.FromPath(url.AbsolutePath);
}
