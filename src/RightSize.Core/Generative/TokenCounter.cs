using Microsoft.ML.Tokenizers;

namespace RightSize.Generative;

/// <summary>
/// Counts tokens on the client when the endpoint does not report <c>usage</c>, and sizes synthetic prompts. It is
/// OpenAI's cl100k_base BPE (Microsoft.ML.Tokenizers' Tiktoken, with its data package): no model's own tokenizer is
/// available offline, so counts of another model's text are an approximation, and every output names this tokenizer.
/// </summary>
public sealed class TokenCounter
{
    public const string Name = "cl100k_base (tiktoken, Microsoft.ML.Tokenizers)";

    private static readonly Lazy<TokenCounter> Shared = new(() => new TokenCounter(TiktokenTokenizer.CreateForEncoding("cl100k_base")));

    private readonly Tokenizer _tokenizer;

    private TokenCounter(Tokenizer tokenizer) => _tokenizer = tokenizer;

    public static TokenCounter Cl100k => Shared.Value;

    public int Count(string text) => text.Length == 0 ? 0 : _tokenizer.CountTokens(text, considerPreTokenization: true, considerNormalization: true);
}
