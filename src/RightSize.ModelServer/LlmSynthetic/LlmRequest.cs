using System.Text.Json;

namespace RightSize.ModelServer.LlmSynthetic;

internal enum LlmProtocol
{
    /// <summary>OpenAI <c>/v1/chat/completions</c>, or a <c>messages</c> body on /invocations (as LMI does).</summary>
    ChatCompletions,

    /// <summary>OpenAI <c>/v1/completions</c>.</summary>
    Completions,

    /// <summary>SageMaker LMI/TGI <c>{"inputs", "parameters": {"max_new_tokens"}, "stream"}</c> on /invocations.</summary>
    Tgi,
}

/// <summary>What the simulated engine needs from a request: the input token count and how many tokens to generate.</summary>
internal sealed record LlmRequest(LlmProtocol Protocol, string Model, int InputTokens, int? MaxTokens, bool Stream, bool IncludeUsage)
{
    /// <summary>Reads a request body; the error names the field and the fix.</summary>
    public static Attempt<LlmRequest> Parse(LlmProtocol? route, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Attempt<LlmRequest>.Fail("the body must be a JSON object, e.g. {\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":16}");
        }

        var protocol = route ?? (body.TryGetProperty("messages", out _) ? LlmProtocol.ChatCompletions
            : body.TryGetProperty("prompt", out _) ? LlmProtocol.Completions : LlmProtocol.Tgi);
        var model = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "llm-synthetic";
        int inputTokens;
        var inputError = protocol switch
        {
            LlmProtocol.ChatCompletions => CountMessages(body, out inputTokens),
            LlmProtocol.Completions => CountText(body, "prompt", out inputTokens),
            _ => CountText(body, "inputs", out inputTokens),
        };
        if (inputError is not null)
        {
            return Attempt<LlmRequest>.Fail(inputError);
        }

        var parameters = protocol == LlmProtocol.Tgi && body.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : body;
        string[] lengthFields = protocol switch
        {
            LlmProtocol.ChatCompletions => ["max_completion_tokens", "max_tokens"],
            LlmProtocol.Completions => ["max_tokens"],
            _ => ["max_new_tokens"],
        };
        int? maxTokens = null;
        foreach (var field in lengthFields)
        {
            if (parameters.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var tokens) || tokens < 1)
                {
                    return Attempt<LlmRequest>.Fail($"{field}: '{value.GetRawText()}' is not a token count; give a whole number of 1 or more, e.g. 128");
                }

                maxTokens = tokens;
                break;
            }
        }

        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = body.TryGetProperty("stream_options", out var o) && o.ValueKind == JsonValueKind.Object
            && o.TryGetProperty("include_usage", out var u) && u.ValueKind == JsonValueKind.True;
        return Attempt<LlmRequest>.Ok(new LlmRequest(protocol, model, inputTokens, maxTokens, stream, includeUsage));
    }

    private static string? CountMessages(JsonElement body, out int count)
    {
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            count = 0;
            return "messages: give a non-empty array, e.g. [{\"role\":\"user\",\"content\":\"hi\"}]";
        }

        count = 0;
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var content = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var c) ? c : default;
            switch (content.ValueKind)
            {
                case JsonValueKind.String:
                    count += LlmTokens.Count(content.GetString()!);
                    break;
                case JsonValueKind.Array:
                    foreach (var part in content.EnumerateArray())
                    {
                        if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                        {
                            count += LlmTokens.Count(text.GetString()!);
                        }
                    }

                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    return $"messages[{index}].content: give a string or an array of {{\"type\":\"text\",\"text\":...}} parts";
            }

            index++;
        }

        return null;
    }

    private static string? CountText(JsonElement body, string field, out int count)
    {
        count = 0;
        if (!body.TryGetProperty(field, out var text))
        {
            return $"{field}: missing; give the prompt as a string, e.g. {{\"{field}\":\"hello\"}}";
        }

        if (text.ValueKind == JsonValueKind.String)
        {
            count = LlmTokens.Count(text.GetString()!);
            return null;
        }

        if (text.ValueKind == JsonValueKind.Array && text.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String))
        {
            count = text.EnumerateArray().Sum(item => LlmTokens.Count(item.GetString()!));
            return null;
        }

        return $"{field}: give the prompt as a string (or an array of strings)";
    }
}
