using System.Text.Json;

namespace RightSize.Generative;

/// <summary>
/// A JSON Lines prompt dataset: one object per line, <c>{"text": "...", "output_length": 128}</c> (<c>prompt</c> is
/// accepted for <c>text</c>, <c>max_tokens</c> for <c>output_length</c>, which is optional). Blank lines are skipped;
/// every broken line is reported with its number. A line <c>{"session_id": "s1", "turns": [{"text": ...}, ...]}</c> is a
/// multi-turn conversation (its turns take the same keys; errors name the turn). Requests take the lines in order,
/// round and round.
/// </summary>
public sealed class PromptDataset
{
    private const int MaxErrors = 20;

    private readonly IReadOnlyList<GenerativeRequest> _requests;

    private PromptDataset(IReadOnlyList<GenerativeRequest> requests) => _requests = requests;

    public int Count => _requests.Count;

    public GenerativeRequest Next(int index) => _requests[index % _requests.Count];

    /// <param name="defaultOutputTokens">The max tokens of lines without an output length (null: none sent).</param>
    public static (PromptDataset? Dataset, IReadOnlyList<string> Errors) Read(IEnumerable<string> lines, int? defaultOutputTokens)
    {
        var requests = new List<GenerativeRequest>();
        var errors = new List<string>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || errors.Count >= MaxErrors)
            {
                continue;
            }

            var parsed = ReadLine(line, number, defaultOutputTokens, out var error);
            if (error is not null)
            {
                errors.Add(error);
            }
            else
            {
                requests.Add(parsed!);
            }
        }

        if (errors.Count == 0 && requests.Count == 0)
        {
            errors.Add("the dataset has no prompts; give one JSON object per line, e.g. {\"text\": \"Hello\", \"output_length\": 64}");
        }

        return errors.Count == 0 ? (new PromptDataset(requests), []) : (null, errors);
    }

    private static GenerativeRequest? ReadLine(string line, int number, int? defaultOutputTokens, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("turns", out var turns))
            {
                return ReadConversation(root, turns, $"line {number}", defaultOutputTokens, out error);
            }

            return ReadTurn(root, $"line {number}", defaultOutputTokens, out error);
        }
        catch (JsonException e)
        {
            error = $"line {number}: not valid JSON ({e.Message})";
            return null;
        }
    }

    /// <summary>A multi-turn line: <c>{"session_id": "...", "turns": [{"text": ...}, ...]}</c>, the first turn carrying the rest.</summary>
    private static GenerativeRequest? ReadConversation(JsonElement root, JsonElement turns, string where, int? defaultOutputTokens, out string? error)
    {
        error = root.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => name is not ("turns" or "session_id")) is { } extra
            ? $"{where}: unknown key '{extra}'; a conversation has turns and optionally session_id"
            : turns.ValueKind != JsonValueKind.Array || turns.GetArrayLength() == 0
            ? $"{where}: turns must be a non-empty list of {{\"text\": \"...\"}} objects"
            : null;
        if (error is not null)
        {
            return null;
        }

        var read = new List<GenerativeRequest>();
        foreach (var (turn, i) in turns.EnumerateArray().Select((t, i) => (t, i)))
        {
            if (ReadTurn(turn, $"{where}: turns[{i}]", defaultOutputTokens, out error) is not { } request)
            {
                return null;
            }

            read.Add(request);
        }

        return read[0] with { FollowUps = read.Count > 1 ? read[1..] : [] };
    }

    private static GenerativeRequest? ReadTurn(JsonElement element, string where, int? defaultOutputTokens, out string? error)
    {
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"{where}: not a JSON object; give {{\"text\": \"...\"}}";
            return null;
        }

        string? text = null;
        var output = defaultOutputTokens;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "text" or "prompt" when property.Value.ValueKind == JsonValueKind.String:
                    text = property.Value.GetString();
                    break;
                case "output_length" or "max_tokens" when property.Value.ValueKind == JsonValueKind.Number
                    && property.Value.TryGetInt32(out var tokens) && tokens >= 1:
                    output = tokens;
                    break;
                case "text" or "prompt" or "output_length" or "max_tokens":
                    error = $"{where}: {property.Name} has the wrong type or value ({property.Value.GetRawText()}); text is a string, output_length a whole number of 1 or more";
                    return null;
                default:
                    error = $"{where}: unknown key '{property.Name}'; a line has text (or prompt) and optionally output_length (or max_tokens), or turns";
                    return null;
            }
        }

        if (string.IsNullOrEmpty(text))
        {
            error = $"{where}: no text; give {{\"text\": \"...\"}}";
            return null;
        }

        return new GenerativeRequest(text, TokenCounter.Cl100k.Count(text), output);
    }
}
