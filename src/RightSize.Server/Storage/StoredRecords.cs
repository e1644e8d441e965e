using System.Text.Json.Serialization;
using RightSize.Jobs;
using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Server.Storage;

/// <summary>A model created through the API: its CreateModel request as sent.</summary>
public sealed record StoredModel(string ModelName, string ModelArn, DateTimeOffset CreationTime, string RequestJson);

/// <summary>A job's row: the list columns, its request, and its latest DescribeInferenceRecommendationsJob response.</summary>
public sealed record StoredJob
{
    public required string JobName { get; init; }
    public required string JobArn { get; init; }
    public required string JobType { get; init; }
    public required RecommendationStatus Status { get; init; }
    public required string RoleArn { get; init; }
    public string JobDescription { get; init; } = string.Empty;
    public required DateTimeOffset CreationTime { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }
    public string? FailureReason { get; init; }
    public string? ModelName { get; init; }
    public string? ModelPackageVersionArn { get; init; }
    public string? SamplePayloadUrl { get; init; }

    [JsonIgnore]
    public string RequestJson { get; init; } = "{}";

    /// <summary>The DescribeInferenceRecommendationsJob response at the last change, as the API returns it.</summary>
    [JsonIgnore]
    public string DescribeJson { get; init; } = "{}";
}

/// <summary>A test's row: status, outcome, headline metrics, and its ListInferenceRecommendationsJobSteps entry.</summary>
public sealed record StoredTest
{
    public required string JobName { get; init; }
    public required int TestIndex { get; init; }
    public required RecommendationStatus Status { get; init; }
    public required string EndpointName { get; init; }
    public string? InstanceType { get; init; }
    public string? StopReason { get; init; }
    public string? FailureReason { get; init; }
    public DateTimeOffset? InvocationStartTime { get; init; }
    public DateTimeOffset? InvocationEndTime { get; init; }
    public long? MaxInvocations { get; init; }
    public long? ModelLatencyMicroseconds { get; init; }
    public double? CostPerHour { get; init; }
    public double? CostPerInference { get; init; }

    /// <summary>Where the peak window (the one the test's numbers come from) ends, in seconds since the test started; find-peak --job shows it.</summary>
    public int? PeakWindowEndSecond { get; init; }

    /// <summary>What qualifies the test's numbers (emulated, limits not enforced, host-bound ...) and notes on how it ran.</summary>
    public IReadOnlyList<Caveat> Caveats { get; init; } = [];

    /// <summary>The test's InferenceRecommendationsJobStep, as the API returns it.</summary>
    [JsonIgnore]
    public string StepJson { get; init; } = "{}";
}

/// <summary>
/// One sliding window of one test (one per second of the test): the time series of the dashboard. Of the window's
/// stats the store keeps all but the fewest and most users of one second; a mean users it did not keep (windows stored
/// before it was) reads as NaN, as do CPU and memory where not measured.
/// </summary>
public sealed record StoredWindow(string JobName, int TestIndex, WindowStats Stats);

/// <summary>The JSON of the store's caveats column.</summary>
[JsonSerializable(typeof(IReadOnlyList<Caveat>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
