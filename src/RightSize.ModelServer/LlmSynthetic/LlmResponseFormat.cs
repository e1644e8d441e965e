using System.Text;
using System.Text.Json;

namespace RightSize.ModelServer.LlmSynthetic;

/// <summary>
/// The wire shapes of one response in each protocol: OpenAI chat and completion chunks (SSE, ending in
/// <c>data: [DONE]</c>, with a usage-only chunk when asked), TGI <c>generate_stream</c> events, and the buffered bodies.
/// </summary>
internal sealed class LlmResponseFormat(LlmRequest request, int outputTokens, long id, long created)
{
    private readonly string _model = JsonEncodedText.Encode(request.Model).ToString();

    private string Head => request.Protocol == LlmProtocol.ChatCompletions
        ? $"\"id\":\"chatcmpl-{id}\",\"object\":\"chat.completion.chunk\",\"created\":{created},\"model\":\"{_model}\""
        : $"\"id\":\"cmpl-{id}\",\"object\":\"text_completion\",\"created\":{created},\"model\":\"{_model}\"";

    private string Usage => $"\"usage\":{{\"prompt_tokens\":{request.InputTokens},\"completion_tokens\":{outputTokens},\"total_tokens\":{request.InputTokens + outputTokens}}}";

    /// <summary>Sent with the headers, before any token: the chat role chunk (no content, so it does not end TTFT).</summary>
    public byte[]? Opening => request.Protocol == LlmProtocol.ChatCompletions
        ? Event(string.Empty, $"{{{Head},\"choices\":[{{\"index\":0,\"delta\":{{\"role\":\"assistant\",\"content\":\"\"}},\"finish_reason\":null}}],\"usage\":null}}")
        : null;

    /// <summary>
    /// The event carrying token <paramref name="index"/> (0-based); the last one has the finish reason. With
    /// <paramref name="sentNanoseconds"/>, a send-stamp comment comes first (LlmSyntheticOptions.SendStamps).
    /// </summary>
    public byte[] Token(int index, long? sentNanoseconds = null)
    {
        var stamp = sentNanoseconds is { } ns ? $": rightsize-sent-ns {ns}\n" : string.Empty;
        var word = LlmTokens.Word(index);
        var last = index == outputTokens - 1;
        var finish = last ? "\"length\"" : "null";
        return request.Protocol switch
        {
            LlmProtocol.ChatCompletions => Event(stamp, $"{{{Head},\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{word}\"}},\"finish_reason\":{finish}}}],\"usage\":null}}"),
            LlmProtocol.Completions => Event(stamp, $"{{{Head},\"choices\":[{{\"index\":0,\"text\":\"{word}\",\"finish_reason\":{finish}}}],\"usage\":null}}"),
            _ => Event(stamp, $"{{\"index\":{index},\"token\":{{\"id\":{index % 16},\"text\":\"{word}\",\"logprob\":0.0,\"special\":false}},"
                + (last ? $"\"generated_text\":\"{Text()}\",\"details\":{TgiDetails}}}" : "\"generated_text\":null,\"details\":null}")),
        };
    }

    /// <summary>After the last token: the usage chunk (when asked) and <c>[DONE]</c>; nothing for TGI.</summary>
    public byte[]? Closing => request.Protocol switch
    {
        LlmProtocol.Tgi => null,
        _ when request.IncludeUsage => Encoding.UTF8.GetBytes($"data: {{{Head},\"choices\":[],{Usage}}}\n\ndata: [DONE]\n\n"),
        _ => "data: [DONE]\n\n"u8.ToArray(),
    };

    /// <summary>The whole answer of a non-streaming request.</summary>
    public byte[] Buffered()
    {
        var text = Text();
        var json = request.Protocol switch
        {
            LlmProtocol.ChatCompletions => $"{{\"id\":\"chatcmpl-{id}\",\"object\":\"chat.completion\",\"created\":{created},\"model\":\"{_model}\","
                + $"\"choices\":[{{\"index\":0,\"message\":{{\"role\":\"assistant\",\"content\":\"{text}\"}},\"finish_reason\":\"length\"}}],{Usage}}}",
            LlmProtocol.Completions => $"{{{Head},\"choices\":[{{\"index\":0,\"text\":\"{text}\",\"finish_reason\":\"length\"}}],{Usage}}}",
            _ => $"[{{\"generated_text\":\"{text}\",\"details\":{TgiDetails}}}]",
        };
        return Encoding.UTF8.GetBytes(json + "\n");
    }

    private string TgiDetails => $"{{\"finish_reason\":\"length\",\"generated_tokens\":{outputTokens},\"input_tokens\":{request.InputTokens}}}";

    private string Text()
    {
        var text = new StringBuilder();
        for (var i = 0; i < outputTokens; i++)
        {
            text.Append(LlmTokens.Word(i));
        }

        return text.ToString();
    }

    private static byte[] Event(string stamp, string json) => Encoding.UTF8.GetBytes($"{stamp}data: {json}\n\n");
}
