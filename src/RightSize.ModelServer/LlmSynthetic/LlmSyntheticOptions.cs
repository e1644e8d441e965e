namespace RightSize.ModelServer.LlmSynthetic;

/// <summary>
/// A simulated LLM engine with a known answer. Each request holds one batch seat and I + O tokens of KV cache from
/// admission to its last token; its first token comes after I x <see cref="PrefillPerToken"/>, each further token one
/// <see cref="DecodeStep"/> later. So below saturation TTFT = I x prefill and ITL = decode step, and the most output
/// tokens per second is seats x O / (I x prefill + (O - 1) x decode step), seats = min(MaxBatch, KvTokens / (I + O)).
/// </summary>
internal sealed record LlmSyntheticOptions
{
    public TimeSpan PrefillPerToken { get; init; } = TimeSpan.FromMilliseconds(0.1);

    public TimeSpan DecodeStep { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Requests decoded at once (continuous batching); more wait in FIFO order.</summary>
    public int MaxBatch { get; init; } = 16;

    /// <summary>KV-cache budget in tokens; a request reserves its input plus output tokens on admission.</summary>
    public int KvTokens { get; init; } = 65_536;

    /// <summary>Output length when a request gives no max_tokens / max_new_tokens.</summary>
    public int DefaultMaxTokens { get; init; } = 128;

    /// <summary>
    /// Inference components the endpoint hosts, each a model copy with its own engine (seats and KV budget). Empty: the
    /// endpoint hosts its model itself, as a SageMaker endpoint without inference components.
    /// </summary>
    public IReadOnlyList<string> InferenceComponents { get; init; } = [];

    /// <summary>
    /// Put <c>: rightsize-sent-ns N</c> (an SSE comment, so protocol parsers skip it) before each token's event: when it
    /// was written, in ns of the host's monotonic clock, so a load generator on the same host can measure its own
    /// added latency per token.
    /// </summary>
    public bool SendStamps { get; init; }
}
