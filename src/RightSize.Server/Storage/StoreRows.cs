using System.Data.Common;
using System.Text.Json;
using RightSize.Jobs;
using RightSize.Windows;
using static RightSize.Server.Storage.SqlCommands;

namespace RightSize.Server.Storage;

/// <summary>Maps rows to stored records and back, in the column order of <see cref="SqlRecommendationStore"/>.</summary>
internal static class StoreRows
{
    /// <summary>Statuses are stored as SageMaker's strings; a row with any other is a corrupt store, not a client mistake.</summary>
    private static RecommendationStatus StatusOf(DbDataReader r, int ordinal) => RecommendationStatuses.TryParse(r.GetString(ordinal), out var status)
        ? status
        : throw new InvalidDataException($"the store holds the unknown status '{ValidationError.Shorten(r.GetString(ordinal))}'");

    public static StoredJob Job(DbDataReader r) => new()
    {
        JobName = r.GetString(0),
        JobArn = r.GetString(1),
        JobType = r.GetString(2),
        Status = StatusOf(r, 3),
        RoleArn = r.GetString(4),
        JobDescription = r.GetString(5),
        CreationTime = r.Time(6),
        LastModifiedTime = r.Time(7),
        CompletionTime = r.NullableTime(8),
        FailureReason = r.NullableString(9),
        ModelName = r.NullableString(10),
        ModelPackageVersionArn = r.NullableString(11),
        SamplePayloadUrl = r.NullableString(12),
        RequestJson = r.GetString(13),
        DescribeJson = r.GetString(14),
    };

    public static StoredTest Test(DbDataReader r) => new()
    {
        JobName = r.GetString(0),
        TestIndex = (int)r.GetInt64(1),
        Status = StatusOf(r, 2),
        EndpointName = r.GetString(3),
        InstanceType = r.NullableString(4),
        StopReason = r.NullableString(5),
        FailureReason = r.NullableString(6),
        InvocationStartTime = r.NullableTime(7),
        InvocationEndTime = r.NullableTime(8),
        MaxInvocations = r.NullableLong(9),
        ModelLatencyMicroseconds = r.NullableLong(10),
        CostPerHour = Cost(r, 11),
        CostPerInference = Cost(r, 12),
        StepJson = r.GetString(13),
        PeakWindowEndSecond = (int?)r.NullableLong(14),
        Caveats = r.NullableString(15) is { } caveats && JsonSerializer.Deserialize(caveats, StoreJsonContext.Default.IReadOnlyListCaveat) is { Count: > 0 } list ? list : [],
    };

    /// <summary>
    /// A cost column: NULL is stored for NaN (SQLite has no NaN), so a test with metrics (MaxInvocations) but no cost had
    /// an unknown price and reads back as NaN, "not available", as it was before it was stored.
    /// </summary>
    private static double? Cost(DbDataReader r, int ordinal) => r.NullableDouble(ordinal) ?? (r.IsDBNull(9) ? null : double.NaN);

    public static (string, object?)[] TestParameters(StoredTest t) =>
    [
        ("@job", t.JobName), ("@index", (long)t.TestIndex), ("@status", t.Status.Name()), ("@endpoint", t.EndpointName), ("@instance", t.InstanceType),
        ("@stop", t.StopReason), ("@failure", t.FailureReason), ("@start", Ms(t.InvocationStartTime)), ("@end", Ms(t.InvocationEndTime)),
        ("@max", t.MaxInvocations), ("@latency", t.ModelLatencyMicroseconds), ("@cph", Measured(t.CostPerHour)),
        ("@cpi", Measured(t.CostPerInference)), ("@step", t.StepJson), ("@peak", (long?)t.PeakWindowEndSecond),
        ("@caveats", JsonSerializer.Serialize(t.Caveats, StoreJsonContext.Default.IReadOnlyListCaveat)),
    ];

    public static StoredWindow Window(DbDataReader r) => new(r.GetString(0), (int)r.GetInt64(1), new WindowStats
    {
        EndSecond = (int)r.GetInt64(2),
        LengthSeconds = (int)r.GetInt64(3),
        IsFull = r.GetInt64(4) != 0,
        Users = (int)r.GetInt64(5),
        Invocations = r.GetInt64(6),
        ClientErrors = r.GetInt64(7),
        ServerErrors = r.GetInt64(8),
        Timeouts = r.GetInt64(9),
        ConnectionErrors = r.GetInt64(10),
        P50Ms = r.GetDouble(11),
        P90Ms = r.GetDouble(12),
        P95Ms = r.GetDouble(13),
        P99Ms = r.GetDouble(14),
        P999Ms = r.GetDouble(15),
        MaxMs = r.GetDouble(16),
        CpuUtilization = r.NullableDouble(17) ?? double.NaN,
        MemoryUtilization = r.NullableDouble(18) ?? double.NaN,
        MeanUsers = r.NullableDouble(19) ?? double.NaN,
        HostBound = r.NullableLong(20) is { } hostBound ? hostBound != 0 : null,
    });

    public static (string, object?)[] WindowParameters(StoredWindow row)
    {
        var w = row.Stats;
        return
        [
            ("@job", row.JobName), ("@index", (long)row.TestIndex), ("@end", (long)w.EndSecond), ("@length", (long)w.LengthSeconds),
            ("@full", w.IsFull ? 1L : 0L), ("@users", (long)w.Users), ("@invocations", w.Invocations), ("@client", w.ClientErrors),
            ("@server", w.ServerErrors), ("@timeouts", w.Timeouts), ("@connection", w.ConnectionErrors), ("@p50", w.P50Ms), ("@p90", w.P90Ms),
            ("@p95", w.P95Ms), ("@p99", w.P99Ms), ("@p999", w.P999Ms), ("@max", w.MaxMs), ("@cpu", Measured(w.CpuUtilization)),
            ("@memory", Measured(w.MemoryUtilization)), ("@mean_users", Measured(w.MeanUsers)),
            ("@hostbound", w.HostBound is { } hostBound ? (hostBound ? 1L : 0L) : null),
        ];
    }
}
