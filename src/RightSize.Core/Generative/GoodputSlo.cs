using System.Globalization;

namespace RightSize.Generative;

/// <summary>
/// One service-level objective of AIPerf's <c>goodput</c> string (<c>"time_to_first_token:100 inter_token_latency:10"</c>):
/// a per-request metric and its threshold in the metric's display unit. Latencies must be at most the threshold;
/// <c>output_token_throughput_per_user</c> at least.
/// </summary>
public sealed record GoodputSlo(string Tag, double Threshold)
{
    public static readonly IReadOnlyList<string> Tags =
        ["time_to_first_token", "inter_token_latency", "request_latency", "output_token_throughput_per_user"];

    /// <summary>Parses the space-separated list; every bad item is named in the errors.</summary>
    public static IReadOnlyList<GoodputSlo> Parse(string text, string path, List<string> errors)
    {
        var slos = new List<GoodputSlo>();
        foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            var tag = colon < 0 ? item : item[..colon];
            if (!Tags.Contains(tag))
            {
                errors.Add($"{path}: '{tag}' is not a goodput metric; use {string.Join(", ", Tags)}");
            }
            else if (colon < 0 || !double.TryParse(item[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)
                || !double.IsFinite(threshold) || threshold <= 0)
            {
                errors.Add($"{path}: '{item}' needs a threshold above 0 in the metric's unit, e.g. {tag}:100");
            }
            else
            {
                slos.Add(new GoodputSlo(tag, threshold));
            }
        }

        return slos;
    }

    /// <summary>Whether a request's value meets this objective.</summary>
    public bool IsMet(double value) => Tag == "output_token_throughput_per_user" ? value >= Threshold : value <= Threshold;
}
