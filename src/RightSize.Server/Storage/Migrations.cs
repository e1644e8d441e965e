namespace RightSize.Server.Storage;

/// <summary>
/// The schema's versioned migrations, applied in order, each once, each in a transaction with its row in
/// <c>schema_version</c>. Append new versions; never edit a released one. The SQL is common to SQLite and PostgreSQL
/// (BIGINT times in Unix milliseconds, DOUBLE PRECISION metrics, TEXT JSON).
/// </summary>
internal static class Migrations
{
    public const string VersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL PRIMARY KEY, applied_ms BIGINT NOT NULL)";

    public static IReadOnlyList<(int Version, string[] Statements)> All { get; } =
    [
        (1,
        [
            """
            CREATE TABLE models (
                name TEXT NOT NULL PRIMARY KEY, arn TEXT NOT NULL, creation_ms BIGINT NOT NULL, request_json TEXT NOT NULL)
            """,
            """
            CREATE TABLE jobs (
                name TEXT NOT NULL PRIMARY KEY, arn TEXT NOT NULL, job_type TEXT NOT NULL, status TEXT NOT NULL,
                role_arn TEXT NOT NULL, description TEXT NOT NULL, creation_ms BIGINT NOT NULL, last_modified_ms BIGINT NOT NULL,
                completion_ms BIGINT, failure_reason TEXT, model_name TEXT, model_package_arn TEXT, sample_payload_url TEXT,
                request_json TEXT NOT NULL, describe_json TEXT NOT NULL)
            """,
            """
            CREATE TABLE tests (
                job_name TEXT NOT NULL REFERENCES jobs (name) ON DELETE CASCADE, test_index BIGINT NOT NULL,
                status TEXT NOT NULL, endpoint_name TEXT NOT NULL, instance_type TEXT, stop_reason TEXT, failure_reason TEXT,
                start_ms BIGINT, end_ms BIGINT, max_invocations BIGINT, model_latency_us BIGINT,
                cost_per_hour DOUBLE PRECISION, cost_per_inference DOUBLE PRECISION, step_json TEXT NOT NULL,
                PRIMARY KEY (job_name, test_index))
            """,
            """
            CREATE TABLE windows (
                job_name TEXT NOT NULL, test_index BIGINT NOT NULL, end_second BIGINT NOT NULL, length_seconds BIGINT NOT NULL,
                is_full BIGINT NOT NULL, users BIGINT NOT NULL, invocations BIGINT NOT NULL, client_errors BIGINT NOT NULL,
                server_errors BIGINT NOT NULL, timeouts BIGINT NOT NULL, connection_errors BIGINT NOT NULL,
                p50_ms DOUBLE PRECISION NOT NULL, p90_ms DOUBLE PRECISION NOT NULL, p95_ms DOUBLE PRECISION NOT NULL,
                p99_ms DOUBLE PRECISION NOT NULL, p999_ms DOUBLE PRECISION NOT NULL, max_ms DOUBLE PRECISION NOT NULL,
                cpu_utilization DOUBLE PRECISION, memory_utilization DOUBLE PRECISION,
                PRIMARY KEY (job_name, test_index, end_second))
            """,
        ]),
        (2,
        [
            // Recovery looks for unfinished jobs at every start; the list sorts by creation time by default.
            "CREATE INDEX jobs_status ON jobs (status)",
            "CREATE INDEX jobs_creation ON jobs (creation_ms)",
        ]),
        (3,
        [
            // A test's peak window, so readers of the windows know which one the recommendation's numbers come from.
            "ALTER TABLE tests ADD COLUMN peak_end_second BIGINT",
        ]),
        (4,
        [
            // Time-weighted mean users per window (issue #20): what FlatInvocations compares and what the rate answers to.
            "ALTER TABLE windows ADD COLUMN mean_users DOUBLE PRECISION",
        ]),
        (5,
        [
            // What qualifies a test's numbers (JSON list of {Kind, Detail}), and which windows the host was saturated in.
            "ALTER TABLE tests ADD COLUMN caveats_json TEXT",
            "ALTER TABLE windows ADD COLUMN host_bound BIGINT",
        ]),
        (6,
        [
            // The AI API family (issue 13): workload configs, benchmark jobs and recommendation jobs, one row each, kept by kind.
            """
            CREATE TABLE ai_resources (
                kind TEXT NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL, status TEXT, creation_ms BIGINT NOT NULL,
                start_ms BIGINT, end_ms BIGINT, failure_reason TEXT, workload_config_name TEXT, request_json TEXT NOT NULL,
                result_json TEXT, PRIMARY KEY (kind, name))
            """,
            "CREATE INDEX ai_resources_status ON ai_resources (kind, status)",
        ]),
        (7,
        [
            // The model registry (issue 19): groups, and versions numbered per group from the group's counter (never reused).
            """
            CREATE TABLE model_package_groups (
                name TEXT NOT NULL PRIMARY KEY, arn TEXT NOT NULL, creation_ms BIGINT NOT NULL, last_version BIGINT NOT NULL,
                request_json TEXT NOT NULL)
            """,
            """
            CREATE TABLE model_packages (
                group_name TEXT NOT NULL REFERENCES model_package_groups (name), version BIGINT NOT NULL, arn TEXT NOT NULL,
                approval_status TEXT NOT NULL, approval_description TEXT, client_token TEXT, creation_ms BIGINT NOT NULL,
                last_modified_ms BIGINT NOT NULL, request_json TEXT NOT NULL, PRIMARY KEY (group_name, version))
            """,
        ]),
    ];
}
