using System.Text.Json.Serialization;

namespace RightSize.Jobs;

/// <summary>A job's or a test's status; JSON, the store and every message use SageMaker's strings (<see cref="RecommendationStatuses.Name"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecommendationStatus>))]
public enum RecommendationStatus
{
    [JsonStringEnumMemberName("PENDING")]
    Pending,

    [JsonStringEnumMemberName("IN_PROGRESS")]
    InProgress,

    [JsonStringEnumMemberName("COMPLETED")]
    Completed,

    [JsonStringEnumMemberName("FAILED")]
    Failed,

    [JsonStringEnumMemberName("STOPPING")]
    Stopping,

    [JsonStringEnumMemberName("STOPPED")]
    Stopped,
}

/// <summary>SageMaker's names of <see cref="RecommendationStatus"/>, both ways.</summary>
public static class RecommendationStatuses
{
    private static readonly string[] Names = ["PENDING", "IN_PROGRESS", "COMPLETED", "FAILED", "STOPPING", "STOPPED"];

    /// <summary>Every status by its SageMaker name, in the enum's order (for messages listing what is allowed).</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The SageMaker name: <c>IN_PROGRESS</c>, not <c>InProgress</c>.</summary>
    public static string Name(this RecommendationStatus status) => Names[(int)status];

    /// <summary>Parses a SageMaker name (as stored or sent by a client); false for anything else.</summary>
    public static bool TryParse(string? name, out RecommendationStatus status)
    {
        var index = name is null ? -1 : Array.IndexOf(Names, name);
        status = index < 0 ? default : (RecommendationStatus)index;
        return index >= 0;
    }

    public static bool IsTerminal(this RecommendationStatus status) =>
        status is RecommendationStatus.Completed or RecommendationStatus.Failed or RecommendationStatus.Stopped;
}
