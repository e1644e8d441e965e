using System.Globalization;

namespace RightSize.Jobs;

/// <summary>
/// Local per-job options that SageMaker has no field for ride on tags whose keys start with <c>rightsize:</c>, so the
/// request stays a valid SageMaker request.
/// </summary>
public static class RightSizeTags
{
    public const string Prefix = "rightsize:";

    /// <summary>Window length in seconds (1-3600) for metrics and stopping conditions; 60 when absent.</summary>
    public const string WindowSeconds = "rightsize:window-seconds";

    public static IReadOnlyList<string> Known { get; } = [WindowSeconds];

    internal static IntRange WindowSecondsRange { get; } = new(1, 3600);

    /// <summary>The window length the job asks for, or null; call after validation (an invalid value reads as null).</summary>
    public static int? GetWindowSeconds(CreateInferenceRecommendationsJobRequest request) =>
        request.Tags?.LastOrDefault(t => t.Key == WindowSeconds)?.Value is { } text && TryParseWindow(text, out var seconds)
            ? seconds
            : null;

    internal static bool IsRightSizeKey(string key) => key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    internal static bool TryParseWindow(string text, out int seconds) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && WindowSecondsRange.Contains(seconds);
}
