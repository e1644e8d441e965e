using System.Globalization;
using RightSize.Results;

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

    /// <summary>How much cost, latency and throughput weigh when ranking recommendations: Lowest, Low, Moderate, High, Highest.</summary>
    public const string CostImportance = "rightsize:cost-importance";
    public const string LatencyImportance = "rightsize:latency-importance";
    public const string ThroughputImportance = "rightsize:throughput-importance";

    /// <summary><c>true</c> runs types larger than the host scaled down by one factor (an approximation); else they fail.</summary>
    public const string EmulateProportional = "rightsize:emulate-proportional";

    /// <summary>
    /// <c>true</c> runs accelerator types (ml.g*, ml.p*, ml.inf*, ml.trn*) on CPU where this host cannot give them their
    /// accelerators, marked as emulated (and scaled down like emulate-proportional where they do not fit); else they fail.
    /// </summary>
    public const string EmulateAccelerators = "rightsize:emulate-accelerators";

    /// <summary>How long an endpoint may take to answer /ping and its first invocation (1-3600 s); 240 when absent.</summary>
    public const string SetupDeadlineSeconds = "rightsize:setup-deadline-seconds";

    /// <summary>Idle seconds (1-86400) after which a serverless endpoint scales to zero; 180 when absent.</summary>
    public const string ServerlessIdleSeconds = "rightsize:serverless-idle-seconds";

    /// <summary>
    /// <c>true</c> lets a fleet's generator agents include the agent that runs the endpoint (by default the load comes
    /// from other hosts only, so the endpoint's host serves and never generates).
    /// </summary>
    public const string GeneratorsOnEndpointHost = "rightsize:generators-on-endpoint-host";

    public static IReadOnlyList<string> Known { get; } =
        [WindowSeconds, CostImportance, LatencyImportance, ThroughputImportance, EmulateProportional, EmulateAccelerators, SetupDeadlineSeconds, ServerlessIdleSeconds,
            GeneratorsOnEndpointHost];

    internal static IntRange SetupDeadlineRange { get; } = new(1, 3600);

    internal static IntRange ServerlessIdleRange { get; } = new(1, 86_400);

    /// <summary>Whether the job opts in to proportional emulation; call after validation.</summary>
    public static bool GetEmulateProportional(CreateInferenceRecommendationsJobRequest request) =>
        string.Equals(Value(request, EmulateProportional), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the job opts in to running accelerator types on CPU; call after validation.</summary>
    public static bool GetEmulateAccelerators(CreateInferenceRecommendationsJobRequest request) =>
        string.Equals(Value(request, EmulateAccelerators), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the job lets generator agents run on the endpoint's host; call after validation.</summary>
    public static bool GetGeneratorsOnEndpointHost(CreateInferenceRecommendationsJobRequest request) =>
        string.Equals(Value(request, GeneratorsOnEndpointHost), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The setup deadline the job asks for, or null; call after validation.</summary>
    public static TimeSpan? GetSetupDeadline(CreateInferenceRecommendationsJobRequest request) =>
        TryParseSeconds(Value(request, SetupDeadlineSeconds), SetupDeadlineRange, out var s) ? TimeSpan.FromSeconds(s) : null;

    /// <summary>The serverless idle period the job asks for, or null; call after validation.</summary>
    public static TimeSpan? GetServerlessIdle(CreateInferenceRecommendationsJobRequest request) =>
        TryParseSeconds(Value(request, ServerlessIdleSeconds), ServerlessIdleRange, out var s) ? TimeSpan.FromSeconds(s) : null;

    internal static bool TryParseSeconds(string? text, IntRange range, out int seconds)
    {
        seconds = 0;
        return text is not null && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && range.Contains(seconds);
    }

    private static string? Value(CreateInferenceRecommendationsJobRequest request, string key) =>
        request.Tags?.LastOrDefault(t => t.Key == key)?.Value;

    internal static bool IsImportanceKey(string key) => key is CostImportance or LatencyImportance or ThroughputImportance;

    public static bool TryParseImportance(string text, out Importance importance) =>
        Enum.TryParse(text, ignoreCase: false, out importance) && Enum.IsDefined(importance) && !int.TryParse(text, out _);

    /// <summary>The ranking weights the job asks for (SageMaker's default where a tag is absent); call after validation.</summary>
    public static ImportanceWeights GetImportanceWeights(CreateInferenceRecommendationsJobRequest request)
    {
        var defaults = ImportanceWeights.Default;
        return new ImportanceWeights
        {
            Cost = Importance(request, CostImportance) ?? defaults.Cost,
            Latency = Importance(request, LatencyImportance) ?? defaults.Latency,
            Throughput = Importance(request, ThroughputImportance) ?? defaults.Throughput,
        };
    }

    private static Importance? Importance(CreateInferenceRecommendationsJobRequest request, string key) =>
        request.Tags?.LastOrDefault(t => t.Key == key)?.Value is { } text && TryParseImportance(text, out var importance)
            ? importance
            : null;

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
