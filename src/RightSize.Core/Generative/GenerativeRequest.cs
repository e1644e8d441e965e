using System.Text.Json;

namespace RightSize.Generative;

/// <summary>One prompt to send: its text, its size in the client tokenizer's tokens, and the output tokens to ask for.</summary>
public sealed record GenerativeRequest(string Prompt, int InputTokens, int? MaxTokens)
{
    /// <summary>
    /// The JSON body in <paramref name="protocol"/>'s shape. Streaming OpenAI requests ask for the usage chunk
    /// (<c>stream_options.include_usage</c>); a max tokens is sent with <c>ignore_eos</c> so the endpoint generates that
    /// many (as AIPerf's synthetic workloads do; servers that do not know the key ignore it).
    /// </summary>
    public byte[] Body(GenerativeProtocol protocol, string model, bool streaming)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            switch (protocol)
            {
                case GenerativeProtocol.Tgi:
                    json.WriteString("inputs", Prompt);
                    json.WriteStartObject("parameters");
                    if (MaxTokens is { } maxNew)
                    {
                        json.WriteNumber("max_new_tokens", maxNew);
                        json.WriteBoolean("ignore_eos_token", true);
                    }

                    json.WriteEndObject();
                    break;
                default:
                    json.WriteString("model", model);
                    if (protocol == GenerativeProtocol.OpenAiChat)
                    {
                        json.WriteStartArray("messages");
                        json.WriteStartObject();
                        json.WriteString("role", "user");
                        json.WriteString("content", Prompt);
                        json.WriteEndObject();
                        json.WriteEndArray();
                    }
                    else
                    {
                        json.WriteString("prompt", Prompt);
                    }

                    if (MaxTokens is { } max)
                    {
                        json.WriteNumber("max_tokens", max);
                        json.WriteBoolean("ignore_eos", true);
                    }

                    if (streaming)
                    {
                        json.WriteStartObject("stream_options");
                        json.WriteBoolean("include_usage", true);
                        json.WriteEndObject();
                    }

                    break;
            }

            json.WriteBoolean("stream", streaming);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
