using System.Data.Common;
using static RightSize.Server.Storage.SqlCommands;

namespace RightSize.Server.Storage;

/// <summary>The AI resources' rows (<see cref="IAiResourceStore"/>), same SQL for both databases.</summary>
internal sealed partial class SqlRecommendationStore
{
    private const string AiColumns = "kind, name, arn, status, creation_ms, start_ms, end_ms, failure_reason, workload_config_name, request_json, result_json";

    public async Task<bool> AddAiResourceAsync(StoredAiResource resource, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            $"INSERT INTO ai_resources ({AiColumns}) VALUES (@kind, @name, @arn, @status, @creation, @start, @end, @failure, @config, @request, @result) "
            + "ON CONFLICT (kind, name) DO NOTHING",
            AiParameters(resource));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task UpdateAiResourceAsync(StoredAiResource resource, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            "UPDATE ai_resources SET status = @status, start_ms = @start, end_ms = @end, failure_reason = @failure, result_json = @result "
            + "WHERE kind = @kind AND name = @name",
            AiParameters(resource));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredAiResource?> GetAiResourceAsync(AiResourceKind kind, string name, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, $"SELECT {AiColumns} FROM ai_resources WHERE kind = @kind AND name = @name",
            ("@kind", kind.ToString()), ("@name", name));
        return (await ReadAllAsync(command, ReadAi, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StoredAiResource>> ListAiResourcesAsync(AiResourceQuery query, CancellationToken cancellationToken)
    {
        var conditions = new List<string> { "kind = @kind" };
        var parameters = new List<(string, object?)> { ("@kind", query.Kind.ToString()) };
        if (!string.IsNullOrEmpty(query.NameContains))
        {
            conditions.Add("LOWER(name) LIKE @name_like ESCAPE '!'");
            parameters.Add(("@name_like", "%" + JobQuerySql.EscapeLike(query.NameContains.ToLowerInvariant()) + "%"));
        }

        if (query.StatusEquals is { } status)
        {
            conditions.Add("status = @status");
            parameters.Add(("@status", status));
        }

        if (query.CreatedAfter is { } after)
        {
            conditions.Add("creation_ms > @after");
            parameters.Add(("@after", Ms(after)));
        }

        if (query.CreatedBefore is { } before)
        {
            conditions.Add("creation_ms < @before");
            parameters.Add(("@before", Ms(before)));
        }

        var direction = query.Ascending ? "ASC" : "DESC";
        var order = query.SortBy switch
        {
            "Name" => $"name {direction}",
            "Status" => $"status {direction}, name ASC",
            _ => $"creation_ms {direction}, name ASC",
        };
        parameters.Add(("@limit", (long)query.Limit));
        parameters.Add(("@offset", (long)query.Offset));
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            $"SELECT {AiColumns} FROM ai_resources WHERE {string.Join(" AND ", conditions)} ORDER BY {order} LIMIT @limit OFFSET @offset", [.. parameters]);
        return await ReadAllAsync(command, ReadAi, cancellationToken);
    }

    public async Task<bool> DeleteAiResourceAsync(AiResourceKind kind, string name, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, "DELETE FROM ai_resources WHERE kind = @kind AND name = @name", ("@kind", kind.ToString()), ("@name", name));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static (string, object?)[] AiParameters(StoredAiResource r) =>
    [
        ("@kind", r.Kind.ToString()), ("@name", r.Name), ("@arn", r.Arn), ("@status", r.Status), ("@creation", Ms(r.CreationTime)),
        ("@start", Ms(r.StartTime)), ("@end", Ms(r.EndTime)), ("@failure", r.FailureReason), ("@config", r.WorkloadConfigName),
        ("@request", r.RequestJson), ("@result", r.ResultJson),
    ];

    private static StoredAiResource ReadAi(DbDataReader r) => new(
        Enum.Parse<AiResourceKind>(r.GetString(0)), r.GetString(1), r.GetString(2), r.NullableString(3), r.Time(4), r.NullableTime(5),
        r.NullableTime(6), r.NullableString(7), r.NullableString(8), r.GetString(9), r.NullableString(10));
}
