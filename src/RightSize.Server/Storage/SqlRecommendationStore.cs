using RightSize.Jobs;
using static RightSize.Server.Storage.SqlCommands;

namespace RightSize.Server.Storage;

/// <summary>The store on SQLite or PostgreSQL: the same SQL, through <see cref="SqlDatabase"/>.</summary>
internal sealed partial class SqlRecommendationStore : IRecommendationStore
{
    private const string JobColumns = "name, arn, job_type, status, role_arn, description, creation_ms, last_modified_ms, completion_ms, "
        + "failure_reason, model_name, model_package_arn, sample_payload_url, request_json, describe_json";

    private const string TestColumns = "job_name, test_index, status, endpoint_name, instance_type, stop_reason, failure_reason, start_ms, "
        + "end_ms, max_invocations, model_latency_us, cost_per_hour, cost_per_inference, step_json, peak_end_second, caveats_json";

    private const string WindowColumns = "job_name, test_index, end_second, length_seconds, is_full, users, invocations, client_errors, "
        + "server_errors, timeouts, connection_errors, p50_ms, p90_ms, p95_ms, p99_ms, p999_ms, max_ms, cpu_utilization, memory_utilization, "
        + "mean_users, host_bound";

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    public SqlRecommendationStore(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await _database.PrepareAsync(cancellationToken);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using (var create = Create(connection, Migrations.VersionTable))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        long current;
        await using (var query = Create(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version"))
        {
            current = Convert.ToInt64(await query.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (version, statements) in Migrations.All.Where(m => m.Version > current))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var sql in statements.Append("INSERT INTO schema_version (version, applied_ms) VALUES (@version, @applied)"))
            {
                await using var command = Create(connection, sql, ("@version", (long)version), ("@applied", _time.GetUtcNow().ToUnixTimeMilliseconds()));
                command.Transaction = transaction;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return Migrations.All[^1].Version;
    }

    public async Task<bool> AddModelAsync(StoredModel model, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            "INSERT INTO models (name, arn, creation_ms, request_json) VALUES (@name, @arn, @creation, @request) ON CONFLICT (name) DO NOTHING",
            ("@name", model.ModelName), ("@arn", model.ModelArn), ("@creation", Ms(model.CreationTime)), ("@request", model.RequestJson));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<StoredModel?> GetModelAsync(string modelName, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, "SELECT name, arn, creation_ms, request_json FROM models WHERE name = @name", ("@name", modelName));
        return (await ReadAllAsync(command, ReadModel, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ModelListing>> ListModelsAsync(ModelQuery query, IReadOnlyList<ModelListing> alongside, CancellationToken cancellationToken)
    {
        var (sql, parameters) = ModelQuerySql.Build(query, alongside);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, sql, parameters);
        return await ReadAllAsync(command, r => new ModelListing(r.GetString(0), r.GetString(1), r.Time(2)), cancellationToken);
    }

    public async Task<bool> DeleteModelAsync(string modelName, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, "DELETE FROM models WHERE name = @name", ("@name", modelName));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> AddJobAsync(StoredJob job, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            $"INSERT INTO jobs ({JobColumns}) VALUES (@name, @arn, @type, @status, @role, @description, @creation, @modified, @completion, "
            + "@failure, @model, @package, @payload, @request, @describe) ON CONFLICT (name) DO NOTHING",
            JobParameters(job));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task UpdateJobAsync(StoredJob job, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            "UPDATE jobs SET arn = @arn, job_type = @type, status = @status, role_arn = @role, description = @description, "
            + "creation_ms = @creation, last_modified_ms = @modified, completion_ms = @completion, failure_reason = @failure, "
            + "model_name = @model, model_package_arn = @package, sample_payload_url = @payload, describe_json = @describe WHERE name = @name",
            JobParameters(job));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredJob?> GetJobAsync(string jobName, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, $"SELECT {JobColumns} FROM jobs WHERE name = @name", ("@name", jobName));
        return (await ReadAllAsync(command, StoreRows.Job, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StoredJob>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = JobQuerySql.Build(JobColumns, query);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, sql, parameters);
        return await ReadAllAsync(command, StoreRows.Job, cancellationToken);
    }

    public async Task<JobPage> ListJobsPageAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var jobs = await ListJobsAsync(query, cancellationToken);
        var (sql, parameters) = JobQuerySql.Count(query);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var count = Create(connection, sql, parameters);
        return new JobPage(jobs, Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task SaveTestAsync(StoredTest test, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            $"INSERT INTO tests ({TestColumns}) VALUES (@job, @index, @status, @endpoint, @instance, @stop, @failure, @start, @end, @max, "
            + "@latency, @cph, @cpi, @step, @peak, @caveats) ON CONFLICT (job_name, test_index) DO UPDATE SET status = @status, endpoint_name = @endpoint, "
            + "instance_type = @instance, stop_reason = @stop, failure_reason = @failure, start_ms = @start, end_ms = @end, "
            + "max_invocations = @max, model_latency_us = @latency, cost_per_hour = @cph, cost_per_inference = @cpi, step_json = @step, "
            + "peak_end_second = @peak, caveats_json = @caveats",
            StoreRows.TestParameters(test));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredTest>> ListTestsAsync(TestQuery query, CancellationToken cancellationToken)
    {
        // Only fixed fragments join the SQL; the values go in as parameters. LIMIT -1 (SQLite) and LIMIT NULL (PostgreSQL)
        // differ, so "all" is the largest count either takes.
        (string, object?)[] parameters = [("@job", query.JobName), ("@limit", (long)(query.Limit ?? int.MaxValue)), ("@offset", (long)query.Offset)];
        if (query.Status is { } status)
        {
            parameters = [.. parameters, ("@status", status.Name())];
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            $"SELECT {TestColumns} FROM tests WHERE job_name = @job{(query.Status is null ? string.Empty : " AND status = @status")} "
            + "ORDER BY test_index LIMIT @limit OFFSET @offset", parameters);
        return await ReadAllAsync(command, StoreRows.Test, cancellationToken);
    }

    public async Task AddWindowsAsync(IReadOnlyList<StoredWindow> windows, CancellationToken cancellationToken)
    {
        if (windows.Count == 0)
        {
            return;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var window in windows)
        {
            await using var command = Create(connection,
                $"INSERT INTO windows ({WindowColumns}) VALUES (@job, @index, @end, @length, @full, @users, @invocations, @client, @server, "
                + "@timeouts, @connection, @p50, @p90, @p95, @p99, @p999, @max, @cpu, @memory, @mean_users, @hostbound) ON CONFLICT (job_name, test_index, end_second) DO UPDATE SET "
                // A second attempt of a test (an agent was lost) writes its own windows over the first attempt's.
                + "length_seconds = @length, is_full = @full, users = @users, invocations = @invocations, client_errors = @client, server_errors = @server, "
                + "timeouts = @timeouts, connection_errors = @connection, p50_ms = @p50, p90_ms = @p90, p95_ms = @p95, p99_ms = @p99, p999_ms = @p999, max_ms = @max, "
                + "cpu_utilization = @cpu, memory_utilization = @memory, mean_users = @mean_users, host_bound = @hostbound",
                StoreRows.WindowParameters(window));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteWindowsAsync(string jobName, int testIndex, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection, "DELETE FROM windows WHERE job_name = @job AND test_index = @index", ("@job", jobName), ("@index", (long)testIndex));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredWindow>> ListWindowsAsync(string jobName, int testIndex, CancellationToken cancellationToken, int afterEndSecond = -1)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            $"SELECT {WindowColumns} FROM windows WHERE job_name = @job AND test_index = @index AND end_second > @after ORDER BY end_second",
            ("@job", jobName), ("@index", (long)testIndex), ("@after", (long)afterEndSecond));
        return await ReadAllAsync(command, StoreRows.Window, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredWindow>> ListWindowsAsync(string jobName, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = Create(connection,
            $"SELECT {WindowColumns} FROM windows WHERE job_name = @job ORDER BY test_index, end_second", ("@job", jobName));
        return await ReadAllAsync(command, StoreRows.Window, cancellationToken);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static StoredModel ReadModel(System.Data.Common.DbDataReader r) => new(r.GetString(0), r.GetString(1), r.Time(2), r.GetString(3));

    private static (string, object?)[] JobParameters(StoredJob job) =>
    [
        ("@name", job.JobName), ("@arn", job.JobArn), ("@type", job.JobType), ("@status", job.Status.Name()), ("@role", job.RoleArn),
        ("@description", job.JobDescription), ("@creation", Ms(job.CreationTime)), ("@modified", Ms(job.LastModifiedTime)),
        ("@completion", Ms(job.CompletionTime)), ("@failure", job.FailureReason), ("@model", job.ModelName),
        ("@package", job.ModelPackageVersionArn), ("@payload", job.SamplePayloadUrl), ("@request", job.RequestJson), ("@describe", job.DescribeJson),
    ];
}
