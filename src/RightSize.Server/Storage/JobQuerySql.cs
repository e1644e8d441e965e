using RightSize.Jobs;
using static RightSize.Server.Storage.SqlCommands;

namespace RightSize.Server.Storage;

/// <summary>A <see cref="JobQuery"/> as SQL both databases run: only the filters that are set become conditions.</summary>
internal static class JobQuerySql
{
    public static (string Sql, (string, object?)[] Parameters) Build(string columns, JobQuery query)
    {
        var (where, parameters) = Filter(query);
        var order = query.OrderBy switch
        {
            JobOrder.Name => "name",
            JobOrder.Status => "status",
            _ => "creation_ms",
        };
        var direction = query.Ascending ? "ASC" : "DESC";
        var sql = $"SELECT {columns} FROM jobs{where} ORDER BY {order} {direction}, name ASC";
        if (query.Limit is { } limit)
        {
            sql += " LIMIT @limit OFFSET @offset";
            parameters.Add(("@limit", (long)limit));
            parameters.Add(("@offset", (long)query.Offset));
        }
        else if (query.Offset > 0)
        {
            throw new ArgumentException("an offset needs a limit", nameof(query));
        }

        return (sql, [.. parameters]);
    }

    /// <summary>How many jobs match the query's filters.</summary>
    public static (string Sql, (string, object?)[] Parameters) Count(JobQuery query)
    {
        var (where, parameters) = Filter(query);
        return ($"SELECT COUNT(*) FROM jobs{where}", [.. parameters]);
    }

    // Built from fixed fragments only; the values go in as parameters. LOWER on both sides: SQLite's LIKE ignores ASCII
    // case, PostgreSQL's does not.
    private static (string Where, List<(string, object?)> Parameters) Filter(JobQuery query)
    {
        var conditions = new List<string>();
        var parameters = new List<(string, object?)>();
        void Add(string condition, string name, object? value)
        {
            if (value is not null)
            {
                conditions.Add(condition);
                parameters.Add((name, value));
            }
        }

        Add("LOWER(name) LIKE @name_like ESCAPE '!'", "@name_like", query.NameContains is { } part ? "%" + EscapeLike(part.ToLowerInvariant()) + "%" : null);
        Add("status = @status", "@status", query.Status?.Name());
        Add("model_name = @model", "@model", query.ModelName);
        Add("model_package_arn = @package", "@package", query.ModelPackageVersionArn);
        Add("creation_ms > @created_after", "@created_after", Ms(query.CreatedAfter));
        Add("creation_ms < @created_before", "@created_before", Ms(query.CreatedBefore));
        Add("last_modified_ms > @modified_after", "@modified_after", Ms(query.ModifiedAfter));
        Add("last_modified_ms < @modified_before", "@modified_before", Ms(query.ModifiedBefore));
        return (conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : string.Empty, parameters);
    }

    public static string EscapeLike(string text) =>
        text.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);
}
