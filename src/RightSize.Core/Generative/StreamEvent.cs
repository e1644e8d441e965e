using System.Text.Json;

namespace RightSize.Generative;

/// <summary>What one streamed event (or a buffered body) says: text, server token counts, the end, or that it is malformed.</summary>
public readonly record struct StreamEvent(string? Text, int? PromptTokens, int? CompletionTokens, bool Done, string? Malformed)
{
    /// <summary>Reads one SSE event's data in <paramref name="protocol"/>'s shape.</summary>
    public static StreamEvent Read(GenerativeProtocol protocol, string data)
    {
        if (protocol != GenerativeProtocol.Tgi && data == "[DONE]")
        {
            return new StreamEvent(null, null, null, true, null);
        }

        try
        {
            using var document = JsonDocument.Parse(data);
            return protocol == GenerativeProtocol.Tgi ? ReadTgi(document.RootElement) : ReadOpenAi(protocol, document.RootElement, buffered: false);
        }
        catch (JsonException e)
        {
            return Bad($"an event is not JSON ({e.Message}): {Clip(data)}");
        }
    }

    /// <summary>Reads a whole non-streamed answer.</summary>
    public static StreamEvent ReadBuffered(GenerativeProtocol protocol, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (protocol != GenerativeProtocol.Tgi)
            {
                return ReadOpenAi(protocol, root, buffered: true) with { Done = true };
            }

            var answer = root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 ? root[0] : root;
            return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("generated_text", out var text) && text.ValueKind == JsonValueKind.String
                ? new StreamEvent(text.GetString(), null, GeneratedTokens(answer), true, null)
                : Bad($"the answer has no generated_text: {Clip(body)}");
        }
        catch (JsonException e)
        {
            return Bad($"the answer is not JSON ({e.Message}): {Clip(body)}");
        }
    }

    private static StreamEvent ReadOpenAi(GenerativeProtocol protocol, JsonElement root, bool buffered)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Bad("an event is not a JSON object");
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            return Bad($"the server sent an error: {Clip(error.GetRawText())}");
        }

        int? prompt = null, completion = null;
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            prompt = Int(usage, "prompt_tokens");
            completion = Int(usage, "completion_tokens");
        }

        string? text = null;
        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.ValueKind != JsonValueKind.Object)
            {
                return Bad($"choices[0] is not a JSON object: {Clip(root.GetRawText())}");
            }

            var holder = protocol == GenerativeProtocol.OpenAiCompletions ? choice
                : choice.TryGetProperty(buffered ? "message" : "delta", out var delta) ? delta : default;
            var key = protocol == GenerativeProtocol.OpenAiCompletions ? "text" : "content";
            if (holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty(key, out var content) && content.ValueKind == JsonValueKind.String)
            {
                text = content.GetString();
            }
        }
        else if (prompt is null && completion is null)
        {
            return Bad($"an event has neither choices nor usage: {Clip(root.GetRawText())}");
        }

        return new StreamEvent(string.IsNullOrEmpty(text) ? null : text, prompt, completion, false, null);
    }

    private static StreamEvent ReadTgi(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.Object)
        {
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error)
                ? Bad($"the server sent an error: {Clip(error.GetRawText())}")
                : Bad($"an event has no token object: {Clip(root.GetRawText())}");
        }

        var special = (token.TryGetProperty("special", out var s) || token.TryGetProperty("special_token", out s)) && s.ValueKind == JsonValueKind.True;
        var text = !special && token.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var done = root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object;
        if (done && details.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String && reason.GetString() == "error")
        {
            return Bad("the server ended the stream with finish_reason error");
        }

        return new StreamEvent(string.IsNullOrEmpty(text) ? null : text, done ? Int(details, "input_tokens") : null, done ? GeneratedTokens(root) : null, done, null);
    }

    private static int? GeneratedTokens(JsonElement answer)
        => answer.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object ? Int(details, "generated_tokens") : null;

    private static int? Int(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static StreamEvent Bad(string message) => new(null, null, null, false, message);

    private static string Clip(string text) => text.Length <= 120 ? text : text[..120] + "...";
}
