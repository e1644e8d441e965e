using System.Globalization;
using System.Text.RegularExpressions;
using RightSize.ModelServer.LlmSynthetic;

namespace RightSize.ModelServer.Hosting;

/// <summary>Reads the simulated LLM engine's knobs from RIGHTSIZE_LLM_* environment variables (each optional).</summary>
internal static partial class LlmSyntheticOptionsParser
{
    public const string Mode = "llm-synthetic";

    public static LlmSyntheticOptions Parse(Func<string, string?> environment, List<string> errors)
    {
        var defaults = new LlmSyntheticOptions();
        return new LlmSyntheticOptions
        {
            PrefillPerToken = Milliseconds("RIGHTSIZE_LLM_PREFILL_MS_PER_TOKEN", defaults.PrefillPerToken, allowZero: true, "0.2"),
            DecodeStep = Milliseconds("RIGHTSIZE_LLM_DECODE_STEP_MS", defaults.DecodeStep, allowZero: false, "20"),
            MaxBatch = Count("RIGHTSIZE_LLM_MAX_BATCH", defaults.MaxBatch, "16"),
            KvTokens = Count("RIGHTSIZE_LLM_KV_TOKENS", defaults.KvTokens, "65536"),
            DefaultMaxTokens = Count("RIGHTSIZE_LLM_DEFAULT_MAX_TOKENS", defaults.DefaultMaxTokens, "128"),
            InferenceComponents = Components("RIGHTSIZE_LLM_INFERENCE_COMPONENTS"),
            SendStamps = Flag("RIGHTSIZE_LLM_SEND_STAMPS"),
        };

        bool Flag(string variable)
        {
            var text = environment(variable);
            if (string.IsNullOrEmpty(text) || text == "0")
            {
                return false;
            }

            if (text != "1")
            {
                errors.Add($"{variable}: '{text}' is not a switch; give 1 (on) or 0 (off)");
            }

            return text == "1";
        }

        IReadOnlyList<string> Components(string variable)
        {
            var names = (environment(variable) ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var name in names.Where(n => !InferenceComponentName().IsMatch(n)))
            {
                errors.Add($"{variable}: '{name}' is not an inference component name; give names of 1 to 63 letters, digits and inner hyphens, "
                    + "separated by commas, e.g. chat-a,chat-b");
            }

            foreach (var name in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                errors.Add($"{variable}: '{name}' is given twice; each inference component is named once");
            }

            return names;
        }

        TimeSpan Milliseconds(string variable, TimeSpan fallback, bool allowZero, string example)
        {
            var text = environment(variable);
            if (string.IsNullOrEmpty(text))
            {
                return fallback;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && double.IsFinite(ms)
                && (ms > 0 || (allowZero && ms == 0)) && ms <= 60_000)
            {
                return TimeSpan.FromMilliseconds(ms);
            }

            errors.Add($"{variable}: '{text}' is not a duration; give milliseconds ({(allowZero ? "0" : "more than 0")} to 60000, fractions allowed), e.g. {example}");
            return fallback;
        }

        int Count(string variable, int fallback, string example)
        {
            var text = environment(variable);
            if (string.IsNullOrEmpty(text))
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 100_000_000)
            {
                return value;
            }

            errors.Add($"{variable}: '{text}' is not a count; give a whole number from 1 to 100000000, e.g. {example}");
            return fallback;
        }
    }

    // SageMaker's InferenceComponentName pattern (CreateInferenceComponent), at most 63 characters.
    [GeneratedRegex("^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex InferenceComponentName();
}
