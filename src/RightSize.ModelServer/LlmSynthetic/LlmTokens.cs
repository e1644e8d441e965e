namespace RightSize.ModelServer.LlmSynthetic;

/// <summary>
/// The synthetic engine's token rule: an input token is a whitespace-separated word. The output is drawn from common
/// English words that are each a single token in the cl100k and o200k tokenizers (with their leading space), so a
/// client that tokenizes the text counts the same number of output tokens as the server reports.
/// </summary>
internal static class LlmTokens
{
    private static readonly string[] Words =
        [" the", " of", " and", " to", " in", " is", " it", " that", " for", " on", " with", " as", " at", " by", " from", " this"];

    public static string Word(int index) => Words[index % Words.Length];

    public static int Count(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var isSpace = char.IsWhiteSpace(c);
            if (!isSpace && !inWord)
            {
                count++;
            }

            inWord = !isSpace;
        }

        return count;
    }
}
