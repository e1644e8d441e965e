namespace RightSize.Generative;

/// <summary>The request and stream shapes an LLM endpoint speaks.</summary>
public enum GenerativeProtocol
{
    /// <summary>OpenAI <c>/v1/chat/completions</c>: <c>messages</c>, chunks with <c>choices[0].delta.content</c>.</summary>
    OpenAiChat,

    /// <summary>OpenAI <c>/v1/completions</c>: <c>prompt</c>, chunks with <c>choices[0].text</c>.</summary>
    OpenAiCompletions,

    /// <summary>SageMaker LMI/TGI: <c>{"inputs", "parameters": {"max_new_tokens"}, "stream"}</c>, events with <c>token.text</c>.</summary>
    Tgi,
}

public static class GenerativeProtocols
{
    public const string Names = "openai-chat, openai-completions or tgi";

    /// <summary>The protocol a URL path implies: <c>/v1/completions</c>, <c>/invocations</c> (LMI/TGI), else OpenAI chat.</summary>
    public static GenerativeProtocol FromPath(string path) =>
        path.EndsWith("/v1/completions", StringComparison.Ordinal) ? GenerativeProtocol.OpenAiCompletions
        : path.EndsWith("/invocations", StringComparison.Ordinal) ? GenerativeProtocol.Tgi
        : GenerativeProtocol.OpenAiChat;

    public static GenerativeProtocol? Parse(string name) => name switch
    {
        "openai-chat" => GenerativeProtocol.OpenAiChat,
        "openai-completions" => GenerativeProtocol.OpenAiCompletions,
        "tgi" => GenerativeProtocol.Tgi,
        _ => null,
    };

    public static string Name(this GenerativeProtocol protocol) => protocol switch
    {
        GenerativeProtocol.OpenAiChat => "openai-chat",
        GenerativeProtocol.OpenAiCompletions => "openai-completions",
        _ => "tgi",
    };
}
