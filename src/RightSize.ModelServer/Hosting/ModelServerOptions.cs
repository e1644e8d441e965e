using RightSize.ModelServer.LlmSynthetic;
using RightSize.ModelServer.Synthetic;

namespace RightSize.ModelServer.Hosting;

/// <summary>Everything the server needs to start, resolved from arguments and environment.</summary>
internal sealed record ModelServerOptions
{
    public const string DefaultModelDirectory = "/opt/ml/model";

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 binds any free port; the bound port is printed on startup.</summary>
    public int Port { get; init; } = 8080;

    public string ModelDirectory { get; init; } = DefaultModelDirectory;

    /// <summary>Which model file <see cref="ModelDirectory"/> must hold: the container's Image decides, else the file found.</summary>
    public ModelFormat Format { get; init; } = ModelFormat.Any;

    /// <summary>Set in synthetic mode; null serves the model in <see cref="ModelDirectory"/>.</summary>
    public SyntheticOptions? Synthetic { get; init; }

    /// <summary>Set in LLM synthetic mode (<c>builtin:llm-synthetic</c>): the simulated LLM engine.</summary>
    public LlmSyntheticOptions? LlmSynthetic { get; init; }

    /// <summary>SageMaker gives a real-time invocation 60 s before it fails it.</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
