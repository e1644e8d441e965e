using System.Text;

namespace RightSize.Generative;

/// <summary>
/// AIPerf-style synthetic prompts: input and output lengths drawn from normal distributions (rounded, at least 1),
/// deterministic per request index and seed. A prompt is made of common English words that are one token each in
/// <see cref="TokenCounter"/>'s tokenizer, so its measured size is the drawn size.
/// </summary>
public sealed class SyntheticPrompts(double inputMean, double inputStddev, double? outputMean, double outputStddev, int seed)
{
    private static readonly string[] Words =
        ["the", "of", "and", "to", "in", "is", "it", "that", "for", "on", "with", "as", "at", "by", "from", "this",
         "be", "are", "was", "not", "or", "have", "but", "they", "one", "all", "we", "can", "will", "there"];

    public GenerativeRequest Next(int index)
    {
        var random = new Random(HashCode.Combine(seed, index));
        var input = Draw(random, inputMean, inputStddev);
        var text = new StringBuilder(input * 5);
        for (var i = 0; i < input; i++)
        {
            text.Append(i == 0 ? string.Empty : " ").Append(Words[random.Next(Words.Length)]);
        }

        var prompt = text.ToString();
        return new GenerativeRequest(prompt, TokenCounter.Cl100k.Count(prompt), outputMean is { } mean ? Draw(random, mean, outputStddev) : null);
    }

    private static int Draw(Random random, double mean, double stddev)
    {
        if (stddev <= 0)
        {
            return Math.Max(1, (int)Math.Round(mean));
        }

        // Box-Muller.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Max(1, (int)Math.Round(mean + (stddev * normal)));
    }
}
