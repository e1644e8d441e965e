using static RightSize.Server.Storage.SqlCommands;

namespace RightSize.Server.Storage;

/// <summary>
/// Which models a ListModels page asks for, filtered, ordered and paged by the database. Times are exclusive bounds;
/// <see cref="NameContains"/> ignores case.
/// </summary>
public sealed record ModelQuery
{
    public string? NameContains { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>By name, else by creation time; ties go by name, ascending.</summary>
    public bool OrderByName { get; init; }

    /// <summary>SageMaker's default order is descending.</summary>
    public bool Ascending { get; init; }

    public int Offset { get; init; }

    /// <summary>At most this many rows.</summary>
    public required int Limit { get; init; }
}

/// <summary>A model as a list shows it.</summary>
public sealed record ModelListing(string ModelName, string ModelArn, DateTimeOffset CreationTime);

/// <summary>
/// A <see cref="ModelQuery"/> as SQL both databases run, over the stored models and those listed beside them (the
/// workspace's, as parameters), so one page is cut from both by the database.
/// </summary>
internal static class ModelQuerySql
{
    public static (string Sql, (string, object?)[] Parameters) Build(ModelQuery query, IReadOnlyList<ModelListing> alongside)
    {
        var parameters = new List<(string, object?)>();
        var sources = new List<string> { "SELECT name, arn, creation_ms FROM models" };
        for (var i = 0; i < alongside.Count; i++)
        {
            sources.Add($"SELECT @w{i}_name, @w{i}_arn, @w{i}_creation");
            parameters.Add(($"@w{i}_name", alongside[i].ModelName));
            parameters.Add(($"@w{i}_arn", alongside[i].ModelArn));
            parameters.Add(($"@w{i}_creation", Ms(alongside[i].CreationTime)));
        }

        var conditions = new List<string>();
        if (query.NameContains is { } part)
        {
            conditions.Add("LOWER(name) LIKE @name_like ESCAPE '!'");
            parameters.Add(("@name_like", "%" + JobQuerySql.EscapeLike(part.ToLowerInvariant()) + "%"));
        }

        if (query.CreatedAfter is { } after)
        {
            conditions.Add("creation_ms > @created_after");
            parameters.Add(("@created_after", Ms(after)));
        }

        if (query.CreatedBefore is { } before)
        {
            conditions.Add("creation_ms < @created_before");
            parameters.Add(("@created_before", Ms(before)));
        }

        var where = conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : string.Empty;
        var direction = query.Ascending ? "ASC" : "DESC";
        var order = query.OrderByName ? $"name {direction}" : $"creation_ms {direction}, name ASC";
        parameters.Add(("@limit", (long)query.Limit));
        parameters.Add(("@offset", (long)query.Offset));
        return ($"SELECT name, arn, creation_ms FROM ({string.Join(" UNION ALL ", sources)}) AS listed{where} ORDER BY {order} LIMIT @limit OFFSET @offset",
            [.. parameters]);
    }
}
