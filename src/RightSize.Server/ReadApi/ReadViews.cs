using System.Text.Json.Serialization;
using RightSize.Jobs;
using RightSize.Results;
using RightSize.Server.Storage;

namespace RightSize.Server.ReadApi;

/// <summary>
/// A job as the read API's list shows it: its list columns, what of it waits for the store (<paramref name="Unsaved"/>,
/// null when everything is written) and its best recommendation (<paramref name="TopRecommendation"/>).
/// </summary>
public sealed record JobView(
    string JobName, string JobArn, string JobType, RecommendationStatus Status, string RoleArn, string JobDescription,
    DateTimeOffset CreationTime, DateTimeOffset LastModifiedTime, DateTimeOffset? CompletionTime, string? FailureReason,
    string? ModelName, string? ModelPackageVersionArn, string? SamplePayloadUrl, string? Unsaved, TopRecommendation? TopRecommendation)
{
    public static JobView Of(StoredJob j, string? unsaved, TopRecommendation? top) => new(
        j.JobName, j.JobArn, j.JobType, j.Status, j.RoleArn, j.JobDescription, j.CreationTime, j.LastModifiedTime, j.CompletionTime,
        j.FailureReason, j.ModelName, j.ModelPackageVersionArn, j.SamplePayloadUrl, unsaved, top);
}

/// <summary>A job's first recommendation in brief: where it ran and its headline numbers (latency in µs).</summary>
public sealed record TopRecommendation(
    string? InstanceType, int? InitialInstanceCount, int? ServerlessMemorySizeInMB, int? ServerlessMaxConcurrency,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? CostPerHour,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? CostPerInference,
    long? MaxInvocations, long? ModelLatency);

/// <summary>
/// A test: status, outcome, headline metrics, where its peak window ends (<paramref name="PeakWindowEndSecond"/>, seconds
/// since the test started) and what qualifies its numbers (<paramref name="Caveats"/>).
/// </summary>
public sealed record TestView(
    string JobName, int TestIndex, RecommendationStatus Status, string EndpointName, string? InstanceType, string? StopReason,
    string? FailureReason, DateTimeOffset? InvocationStartTime, DateTimeOffset? InvocationEndTime, long? MaxInvocations,
    long? ModelLatencyMicroseconds,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? CostPerHour,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? CostPerInference,
    int? PeakWindowEndSecond, IReadOnlyList<Caveat> Caveats)
{
    public static TestView Of(StoredTest t) => new(
        t.JobName, t.TestIndex, t.Status, t.EndpointName, t.InstanceType, t.StopReason, t.FailureReason, t.InvocationStartTime,
        t.InvocationEndTime, t.MaxInvocations, t.ModelLatencyMicroseconds, t.CostPerHour, t.CostPerInference, t.PeakWindowEndSecond, t.Caveats);
}

/// <summary>
/// One sliding window of a test (one per second): the dashboard's time series. Users at the window's end and their
/// time-weighted mean; CPU, memory and <paramref name="HostBound"/> (other load saturated the host) are null where not measured.
/// </summary>
public sealed record WindowView(
    string JobName, int TestIndex, int EndSecond, int LengthSeconds, bool IsFull, int Users, double? MeanUsers,
    long Invocations, long ClientErrors, long ServerErrors, long Timeouts, long ConnectionErrors,
    double P50Ms, double P90Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs,
    double? CpuUtilization, double? MemoryUtilization, bool? HostBound)
{
    public static WindowView Of(StoredWindow row)
    {
        var w = row.Stats;
        return new(row.JobName, row.TestIndex, w.EndSecond, w.LengthSeconds, w.IsFull, w.Users, SqlCommands.Measured(w.MeanUsers),
            w.Invocations, w.ClientErrors, w.ServerErrors, w.Timeouts, w.ConnectionErrors, w.P50Ms, w.P90Ms, w.P95Ms, w.P99Ms, w.P999Ms, w.MaxMs,
            SqlCommands.Measured(w.CpuUtilization), SqlCommands.Measured(w.MemoryUtilization), w.HostBound);
    }
}

/// <summary>A fleet agent as /api/agents shows it: where it is, what it is, its heartbeat and its work (null: idle).</summary>
public sealed record AgentView(
    string Id, string Address, string InstanceType, IReadOnlyList<string> Roles, IReadOnlyDictionary<string, string> Labels, string Version,
    DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, string? CurrentWork, RightSize.Fleet.Agents.Facts.HostFacts Facts)
{
    public static AgentView Of(RightSize.Fleet.Agents.AgentInfo a) => new(
        a.Id, a.Address, a.InstanceType, [.. a.Roles.Select(r => r.ToString().ToLowerInvariant())], a.Labels, a.Version, a.StartedAt, a.HeartbeatAt, a.CurrentWork, a.Facts);
}

/// <summary>The read API's JSON: SageMaker-style member names, timestamps as ISO 8601; public for its clients (find-peak --job).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<JobView>))]
[JsonSerializable(typeof(List<TestView>))]
[JsonSerializable(typeof(List<WindowView>))]
[JsonSerializable(typeof(List<AgentView>))]
public sealed partial class ReadApiJsonContext : JsonSerializerContext;
