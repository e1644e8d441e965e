namespace RightSize.Generative;

/// <summary>Where and how generative requests are sent.</summary>
public sealed record StreamClientOptions
{
    /// <summary>The full URL: an OpenAI route (<c>.../v1/chat/completions</c>) or a SageMaker <c>.../invocations</c>.</summary>
    public required Uri Url { get; init; }

    public GenerativeProtocol Protocol { get; init; } = GenerativeProtocol.OpenAiChat;

    /// <summary>The <c>model</c> field of OpenAI requests.</summary>
    public string Model { get; init; } = "default";

    /// <summary>Ask for a stream (needed for TTFT and ITL); false measures buffered answers, TTFT = latency.</summary>
    public bool Streaming { get; init; } = true;

    /// <summary>
    /// Inference components to invoke (SageMaker's <c>X-Amzn-SageMaker-Inference-Component</c> header on every request,
    /// spread by <see cref="ModelSelection"/>); empty invokes the endpoint itself.
    /// </summary>
    public IReadOnlyList<string> InferenceComponents { get; init; } = [];

    public ModelSelectionStrategy ModelSelection { get; init; } = ModelSelectionStrategy.RoundRobin;

    /// <summary>The seed of <see cref="ModelSelectionStrategy.Random"/>.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Whether the server's send stamps (<c>: rightsize-sent-ns N</c>) are read: only for a loopback URL. A stamp is on
    /// the server host's monotonic clock, so arrival minus stamp (chunk_delivery_latency) means nothing when the server
    /// runs on another host, and the metric is left out there rather than reported wrong.
    /// </summary>
    public bool ReadsSendStamps => Url.IsLoopback;

    /// <summary>"inference components a, b (round_robin)" for progress lines and reports; null when the endpoint itself is invoked.</summary>
    public string? DescribeComponents() => InferenceComponents.Count == 0
        ? null
        : $"inference components {string.Join(", ", InferenceComponents)} ({(ModelSelection == ModelSelectionStrategy.Random ? "random" : "round_robin")})";

    /// <summary>
    /// Send http:// requests with .NET's HttpClient instead of RightSize's own epoll client, as https:// ones always
    /// are: for comparing the two in one session (bench/llm/scale.sh --client httpclient). Defaults to whether the
    /// environment variable RIGHTSIZE_LLM_CLIENT is <c>httpclient</c>.
    /// </summary>
    public bool UsesHttpClient { get; init; } = Environment.GetEnvironmentVariable("RIGHTSIZE_LLM_CLIENT") == "httpclient";

    /// <summary>How long one request may take, stream included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}
