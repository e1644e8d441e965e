using System.Text.Json;

namespace RightSize.Generative;

/// <summary>One earlier message of a conversation: <c>user</c> or <c>assistant</c>, and its text.</summary>
public sealed record GenerativeMessage(string Role, string Content);

/// <summary>
/// One prompt to send: its text, its size in the client tokenizer's tokens, and the output tokens to ask for. In a
/// multi-turn conversation the first turn carries the later turns (<see cref="FollowUps"/>); each later turn is sent after
/// the answer to the one before, with the <see cref="History"/> of every earlier prompt and answer.
/// </summary>
public sealed record GenerativeRequest(string Prompt, int InputTokens, int? MaxTokens)
{
    /// <summary>0 for the first turn (and every single-turn prompt).</summary>
    public int Turn { get; init; }

    public IReadOnlyList<GenerativeMessage> History { get; init; } = [];

    /// <summary>The conversation's later turns, in order (on the first turn only).</summary>
    public IReadOnlyList<GenerativeRequest> FollowUps { get; init; } = [];

    /// <summary>The client keeps the answer's text only when a later turn needs it.</summary>
    public bool KeepsAnswer => FollowUps.Count > 0;

    /// <summary>Turn <paramref name="turn"/> (1-based into <see cref="FollowUps"/>) after this turn was answered with <paramref name="answer"/>.</summary>
    public GenerativeRequest FollowedBy(int turn, string answer, IReadOnlyList<GenerativeRequest> followUps)
    {
        var next = followUps[turn - 1];
        List<GenerativeMessage> history = [.. History, new("user", Prompt), new("assistant", answer)];
        // The client's estimate of the whole prompt; the server's usage replaces it when reported.
        var tokens = history.Sum(m => TokenCounter.Cl100k.Count(m.Content)) + next.InputTokens;
        return next with { Turn = turn, History = history, InputTokens = tokens, FollowUps = turn < followUps.Count ? followUps : [] };
    }

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
                    json.WriteString("inputs", FlatPrompt());
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
                        foreach (var message in History)
                        {
                            json.WriteStartObject();
                            json.WriteString("role", message.Role);
                            json.WriteString("content", message.Content);
                            json.WriteEndObject();
                        }

                        json.WriteStartObject();
                        json.WriteString("role", "user");
                        json.WriteString("content", Prompt);
                        json.WriteEndObject();
                        json.WriteEndArray();
                    }
                    else
                    {
                        json.WriteString("prompt", FlatPrompt());
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

    // Protocols without messages get the conversation as one text, one message per line.
    private string FlatPrompt() => History.Count == 0 ? Prompt : string.Join('\n', History.Select(m => m.Content).Append(Prompt));
}
