using System.Data.Common;
using static RightSize.Server.Storage.SqlCommands;

namespace RightSize.Server.Storage;

/// <summary>The model registry's rows (<see cref="IModelRegistryStore"/>), same SQL for both databases.</summary>
internal sealed partial class SqlRecommendationStore
{
    private const string GroupColumns = "name, arn, creation_ms, request_json";

    private const string PackageColumns = "group_name, version, arn, approval_status, approval_description, client_token, creation_ms, last_modified_ms, request_json";

    public async Task<bool> AddModelPackageGroupAsync(StoredModelPackageGroup group, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            $"INSERT INTO model_package_groups ({GroupColumns}, last_version) VALUES (@name, @arn, @creation, @request, 0) ON CONFLICT (name) DO NOTHING",
            ("@name", group.Name), ("@arn", group.Arn), ("@creation", Ms(group.CreationTime)), ("@request", group.RequestJson));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<StoredModelPackageGroup?> GetModelPackageGroupAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, $"SELECT {GroupColumns} FROM model_package_groups WHERE name = @name", ("@name", name));
        return (await ReadAllAsync(command, ReadGroup, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StoredModelPackageGroup>> ListModelPackageGroupsAsync(RegistryQuery query, CancellationToken cancellationToken)
    {
        var (where, parameters) = Conditions(query with { Group = null, ApprovalStatus = null }, "name");
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            $"SELECT {GroupColumns} FROM model_package_groups{where} ORDER BY {Order(query, "name")} LIMIT @limit OFFSET @offset", [.. parameters]);
        return await ReadAllAsync(command, ReadGroup, cancellationToken);
    }

    public async Task<GroupDeletion> DeleteModelPackageGroupAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The delete runs first so that it holds the write lock when the versions are counted.
        await using var delete = Create(connection,
            "DELETE FROM model_package_groups WHERE name = @name AND NOT EXISTS (SELECT 1 FROM model_packages WHERE group_name = @name)", ("@name", name));
        delete.Transaction = transaction;
        if (await delete.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            await transaction.CommitAsync(cancellationToken);
            return GroupDeletion.Deleted;
        }

        await using var exists = Create(connection, "SELECT COUNT(*) FROM model_package_groups WHERE name = @name", ("@name", name));
        exists.Transaction = transaction;
        var found = Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
        await transaction.CommitAsync(cancellationToken);
        return found ? GroupDeletion.HasVersions : GroupDeletion.NotFound;
    }

    public async Task<StoredModelPackage?> AddModelPackageAsync(string group, string? clientToken, Func<int, StoredModelPackage> build, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Taking the group's next number first locks its row (PostgreSQL) or the database (SQLite) until the commit, so
        // two registrations never get the same number and a retried request sees the version its first try made.
        await using var next = Create(connection, "UPDATE model_package_groups SET last_version = last_version + 1 WHERE name = @group", ("@group", group));
        next.Transaction = transaction;
        if (await next.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return null;
        }

        if (clientToken is not null)
        {
            await using var repeated = Create(connection, $"SELECT {PackageColumns} FROM model_packages WHERE group_name = @group AND client_token = @token",
                ("@group", group), ("@token", clientToken));
            repeated.Transaction = transaction;
            if ((await ReadAllAsync(repeated, ReadPackage, cancellationToken)).FirstOrDefault() is { } earlier)
            {
                await transaction.RollbackAsync(cancellationToken);
                return earlier;
            }
        }

        await using var number = Create(connection, "SELECT last_version FROM model_package_groups WHERE name = @group", ("@group", group));
        number.Transaction = transaction;
        var package = build((int)Convert.ToInt64(await number.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture)) with
        {
            ClientToken = clientToken,
        };
        await using var insert = Create(connection,
            $"INSERT INTO model_packages ({PackageColumns}) VALUES (@group, @version, @arn, @approval, @approval_description, @token, @creation, @modified, @request)",
            PackageParameters(package));
        insert.Transaction = transaction;
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return package;
    }

    public async Task<StoredModelPackage?> GetModelPackageAsync(string group, int version, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, $"SELECT {PackageColumns} FROM model_packages WHERE group_name = @group AND version = @version",
            ("@group", group), ("@version", (long)version));
        return (await ReadAllAsync(command, ReadPackage, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StoredModelPackage>> ListModelPackagesAsync(RegistryQuery query, CancellationToken cancellationToken)
    {
        var (where, parameters) = Conditions(query, "group_name");
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            $"SELECT {PackageColumns} FROM model_packages{where} ORDER BY {Order(query, "group_name")}, version {(query.Ascending ? "ASC" : "DESC")} LIMIT @limit OFFSET @offset",
            [.. parameters]);
        return await ReadAllAsync(command, ReadPackage, cancellationToken);
    }

    public async Task UpdateModelPackageAsync(StoredModelPackage package, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            "UPDATE model_packages SET approval_status = @approval, approval_description = @approval_description, last_modified_ms = @modified, "
            + "request_json = @request WHERE group_name = @group AND version = @version",
            PackageParameters(package));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteModelPackageAsync(string group, int version, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, "DELETE FROM model_packages WHERE group_name = @group AND version = @version",
            ("@group", group), ("@version", (long)version));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static (string Where, List<(string, object?)> Parameters) Conditions(RegistryQuery query, string nameColumn)
    {
        var conditions = new List<string>();
        var parameters = new List<(string, object?)> { ("@limit", (long)query.Limit), ("@offset", (long)query.Offset) };
        void Add(string condition, string name, object? value)
        {
            conditions.Add(condition);
            parameters.Add((name, value));
        }

        if (query.Group is { } group)
        {
            Add("group_name = @group", "@group", group);
        }

        if (!string.IsNullOrEmpty(query.NameContains))
        {
            Add($"LOWER({nameColumn}) LIKE @name_like ESCAPE '!'", "@name_like", "%" + JobQuerySql.EscapeLike(query.NameContains.ToLowerInvariant()) + "%");
        }

        if (query.ApprovalStatus is { } approval)
        {
            Add("approval_status = @approval", "@approval", approval);
        }

        if (query.CreatedAfter is { } after)
        {
            Add("creation_ms > @after", "@after", Ms(after));
        }

        if (query.CreatedBefore is { } before)
        {
            Add("creation_ms < @before", "@before", Ms(before));
        }

        return (conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : string.Empty, parameters);
    }

    private static string Order(RegistryQuery query, string nameColumn)
    {
        var direction = query.Ascending ? "ASC" : "DESC";
        return query.OrderByName ? $"{nameColumn} {direction}" : $"creation_ms {direction}, {nameColumn} ASC";
    }

    private static (string, object?)[] PackageParameters(StoredModelPackage p) =>
    [
        ("@group", p.Group), ("@version", (long)p.Version), ("@arn", p.Arn), ("@approval", p.ApprovalStatus), ("@approval_description", p.ApprovalDescription),
        ("@token", p.ClientToken), ("@creation", Ms(p.CreationTime)), ("@modified", Ms(p.LastModifiedTime)), ("@request", p.RequestJson),
    ];

    private static StoredModelPackageGroup ReadGroup(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.Time(2), r.GetString(3));

    private static StoredModelPackage ReadPackage(DbDataReader r) => new(
        r.GetString(0), (int)r.GetInt64(1), r.GetString(2), r.GetString(3), r.NullableString(4), r.NullableString(5), r.Time(6), r.Time(7), r.GetString(8));
}
