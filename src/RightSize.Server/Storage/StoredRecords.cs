using System.Text.Json.Serialization;
using RightSize.Jobs;
using RightSize.Results;

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

    /// <summary>
    /// Not stored: on a job this server runs, why some of its results are not in the store yet (the store fails; they
    /// are kept and retried); null when everything is written.
    /// </summary>
    public string? Unsaved { get; init; }

    /// <summary>Not stored: the job's best recommendation as its Describe ranks them, on rows of the dashboard's job list.</summary>
    public TopRecommendation? TopRecommendation { get; init; }

    [JsonIgnore]
    public string RequestJson { get; init; } = "{}";

    /// <summary>The DescribeInferenceRecommendationsJob response at the last change, as the API returns it.</summary>
    [JsonIgnore]
    public string DescribeJson { get; init; } = "{}";
}

/// <summary>A job's first recommendation in brief: where it ran and its headline numbers (latency in µs).</summary>
public sealed record TopRecommendation(
    string? InstanceType, int? InitialInstanceCount, int? ServerlessMemorySizeInMB, int? ServerlessMaxConcurrency,
    double? CostPerHour, double? CostPerInference, long? MaxInvocations, long? ModelLatency);

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

/// <summary>One sliding window of one test (one per second of the test): the time series of the dashboard.</summary>
public sealed record StoredWindow
{
    public required string JobName { get; init; }
    public required int TestIndex { get; init; }
    public required int EndSecond { get; init; }
    public required int LengthSeconds { get; init; }
    public required bool IsFull { get; init; }
    /// <summary>Users running at the window's end.</summary>
    public required int Users { get; init; }

    /// <summary>Time-weighted mean users over the window (user-seconds / length); null in windows stored before it was kept.</summary>
    public double? MeanUsers { get; init; }

    public required long Invocations { get; init; }
    public required long ClientErrors { get; init; }
    public required long ServerErrors { get; init; }
    public required long Timeouts { get; init; }
    public required long ConnectionErrors { get; init; }
    public required double P50Ms { get; init; }
    public required double P90Ms { get; init; }
    public required double P95Ms { get; init; }
    public required double P99Ms { get; init; }
    public required double P999Ms { get; init; }
    public required double MaxMs { get; init; }

    /// <summary>Null where not measured.</summary>
    public double? CpuUtilization { get; init; }

    public double? MemoryUtilization { get; init; }

    /// <summary>Whether other load saturated the host in this window; null where the host was not watched.</summary>
    public bool? HostBound { get; init; }
}

/// <summary>The JSON of the store's caveats column.</summary>
[JsonSerializable(typeof(IReadOnlyList<Caveat>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
