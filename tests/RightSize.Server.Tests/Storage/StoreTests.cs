using RightSize.Jobs;
using RightSize.Results;
using RightSize.Server.Storage;
using RightSize.Server.Tests.Infrastructure;
using RightSize.Windows;

namespace RightSize.Server.Tests.Storage;

/// <summary>The same store tests against SQLite (a temp file) and PostgreSQL (a throwaway cluster).</summary>
public sealed class StoreTests : IClassFixture<PostgresCluster>, IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123);
    private readonly PostgresCluster _postgres;
    private readonly string _sqliteFolder = Path.Combine(Path.GetTempPath(), "rightsize-store-tests", Guid.NewGuid().ToString("N"));

    public StoreTests(PostgresCluster postgres) => _postgres = postgres;

    public static TheoryData<string> Databases => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Migrations_apply_once_and_in_order(string database)
    {
        await using var store = await OpenAsync(database);
        Assert.Equal(7, await store.MigrateAsync(CancellationToken.None));
        Assert.Equal(7, await store.MigrateAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Models_are_unique_by_name(string database)
    {
        await using var store = await OpenAsync(database);
        var model = new StoredModel("m1", "arn:m1", T0, "{}");
        Assert.True(await store.AddModelAsync(model, CancellationToken.None));
        Assert.False(await store.AddModelAsync(model with { ModelArn = "other" }, CancellationToken.None));
        Assert.Equal(model, await store.GetModelAsync("m1", CancellationToken.None));
        Assert.Single(await store.ListModelsAsync(new ModelQuery { Limit = 10 }, [], CancellationToken.None));
        Assert.True(await store.DeleteModelAsync("m1", CancellationToken.None));
        Assert.False(await store.DeleteModelAsync("m1", CancellationToken.None));
        Assert.Null(await store.GetModelAsync("m1", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Jobs_tests_and_windows_round_trip(string database)
    {
        await using var store = await OpenAsync(database);
        var job = Job("j1");
        Assert.True(await store.AddJobAsync(job, CancellationToken.None));
        Assert.False(await store.AddJobAsync(job, CancellationToken.None));
        var done = job with { Status = RecommendationStatus.Completed, CompletionTime = T0.AddSeconds(9), LastModifiedTime = T0.AddSeconds(9), DescribeJson = "{\"x\":1}" };
        await store.UpdateJobAsync(done, CancellationToken.None);
        Assert.Equal(done, await store.GetJobAsync("j1", CancellationToken.None));

        var test = new StoredTest
        {
            JobName = "j1",
            TestIndex = 0,
            Status = RecommendationStatus.InProgress,
            EndpointName = "j1-1",
            InstanceType = "local.cpu1",
            StepJson = "{}",
        };
        await store.SaveTestAsync(test, CancellationToken.None);
        var finished = test with
        {
            Status = RecommendationStatus.Completed,
            StopReason = "TrafficPatternCompleted",
            MaxInvocations = 371,
            ModelLatencyMicroseconds = 1200,
            CostPerHour = 0.69,
            CostPerInference = 1.0332e-05,
            InvocationStartTime = T0,
            InvocationEndTime = T0.AddSeconds(5),
            PeakWindowEndSecond = 4,
            Caveats = [new(CaveatKind.HostBound, "other processes used 1.1 of 2 cores"), new(CaveatKind.Note, "limits enforced by cgroup v2")],
        };
        await store.SaveTestAsync(finished, CancellationToken.None);
        var read = Assert.Single(await store.ListTestsAsync("j1", CancellationToken.None));
        Assert.Equal(finished with { Caveats = [] }, read with { Caveats = [] });
        Assert.Equal(finished.Caveats, read.Caveats);

        List<StoredWindow> windows = [.. Enumerable.Range(1, 300).Select(s => Window("j1", 0, s))];
        await store.AddWindowsAsync(windows[..200], CancellationToken.None);
        await store.AddWindowsAsync(windows[150..], CancellationToken.None);
        Assert.Equal(windows, await store.ListWindowsAsync("j1", 0, CancellationToken.None));
        Assert.Empty(await store.ListWindowsAsync("j1", 1, CancellationToken.None));

        // The whole job's windows in one query: by test, then time, whatever order they were written in.
        List<StoredWindow> secondTest = [.. Enumerable.Range(1, 3).Select(s => Window("j1", 1, s))];
        await store.AddWindowsAsync([.. Enumerable.Reverse(secondTest)], CancellationToken.None);
        Assert.Equal([.. windows, .. secondTest], await store.ListWindowsAsync("j1", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Jobs_list_in_creation_order(string database)
    {
        await using var store = await OpenAsync(database);
        await store.AddJobAsync(Job("b") with { CreationTime = T0.AddSeconds(1) }, CancellationToken.None);
        await store.AddJobAsync(Job("a") with { CreationTime = T0.AddSeconds(2) }, CancellationToken.None);
        Assert.Equal(["b", "a"], (await store.ListJobsAsync(new JobQuery { Ascending = true }, CancellationToken.None)).Select(j => j.JobName));
        Assert.Equal(["a", "b"], (await store.ListJobsAsync(new JobQuery(), CancellationToken.None)).Select(j => j.JobName));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task The_database_filters_orders_and_pages_jobs(string database)
    {
        await using var store = await OpenAsync(database);
        for (var i = 0; i < 7; i++)
        {
            var status = i % 2 == 0 ? RecommendationStatus.Completed : RecommendationStatus.Failed;
            await store.AddJobAsync(Job($"run-{i}") with { Status = status, CreationTime = T0.AddSeconds(i), LastModifiedTime = T0.AddSeconds(10 + i) }, CancellationToken.None);
        }

        await store.AddJobAsync(Job("other") with { CreationTime = T0.AddSeconds(3), ModelName = "m2" }, CancellationToken.None);
        async Task<string[]> Names(JobQuery query) => [.. (await store.ListJobsAsync(query, CancellationToken.None)).Select(j => j.JobName)];

        Assert.Equal(["run-6", "run-4", "run-2", "run-0"], await Names(new JobQuery { Status = RecommendationStatus.Completed }));
        Assert.Equal(["run-4", "run-2"], await Names(new JobQuery { Status = RecommendationStatus.Completed, Offset = 1, Limit = 2 }));
        Assert.Equal(["run-0", "run-1", "run-2"], await Names(new JobQuery { NameContains = "RUN", Ascending = true, Limit = 3 }));
        Assert.Empty(await Names(new JobQuery { NameContains = "run_" })); // '_' is a character here, not LIKE's wildcard
        Assert.Equal(["other"], await Names(new JobQuery { ModelName = "m2" }));
        Assert.Equal(["run-3", "run-2"], await Names(new JobQuery { NameContains = "run", CreatedAfter = T0.AddSeconds(1), ModifiedBefore = T0.AddSeconds(14) }));
        Assert.Equal(["other", "run-1", "run-3", "run-5"], await Names(new JobQuery { OrderBy = JobOrder.Status, Limit = 4 }));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_job_page_is_filtered_counted_and_cut_in_the_database(string database)
    {
        await using var store = await OpenAsync(database);
        for (var i = 0; i < 12; i++)
        {
            var status = i % 3 == 0 ? RecommendationStatus.Failed : RecommendationStatus.Completed;
            await store.AddJobAsync(Job(i % 2 == 0 ? $"Even-{i:D2}" : $"odd_{i:D2}") with { Status = status, CreationTime = T0.AddSeconds(i) }, CancellationToken.None);
        }

        var first = await store.ListJobsPageAsync(Page(null, null, 0, 5), CancellationToken.None);
        Assert.Equal(12, first.Total);
        Assert.Equal(["odd_11", "Even-10", "odd_09", "Even-08", "odd_07"], first.Jobs.Select(j => j.JobName));
        var last = await store.ListJobsPageAsync(Page(null, null, 10, 5), CancellationToken.None);
        Assert.Equal(["odd_01", "Even-00"], last.Jobs.Select(j => j.JobName));

        // Case-insensitive in both databases; '_' and '%' are literal characters, not LIKE wildcards.
        var even = await store.ListJobsPageAsync(Page(null, "even", 0, 100), CancellationToken.None);
        Assert.Equal(6, even.Total);
        Assert.Equal(6, (await store.ListJobsPageAsync(Page(null, "D_", 0, 100), CancellationToken.None)).Total);
        Assert.Equal(0, (await store.ListJobsPageAsync(Page(null, "n%", 0, 100), CancellationToken.None)).Total);
        var failedEven = await store.ListJobsPageAsync(Page(RecommendationStatus.Failed, "EVEN", 0, 100), CancellationToken.None);
        Assert.Equal(["Even-06", "Even-00"], failedEven.Jobs.Select(j => j.JobName));
        Assert.Equal(2, failedEven.Total);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_model_page_of_stored_and_workspace_models_is_filtered_ordered_and_cut_in_the_database(string database)
    {
        await using var store = await OpenAsync(database);
        for (var i = 0; i < 6; i++)
        {
            await store.AddModelAsync(new StoredModel($"stored_{i}", $"arn:{i}", T0.AddSeconds(i * 2), "{}"), CancellationToken.None);
        }

        // Workspace models sort among the stored ones: at 3 s and 7 s.
        ModelListing[] workspace = [new("ws-a", "arn:ws-a", T0.AddSeconds(3)), new("ws-b", "arn:ws-b", T0.AddSeconds(7))];
        async Task<string[]> Names(ModelQuery query) => [.. (await store.ListModelsAsync(query, workspace, CancellationToken.None)).Select(m => m.ModelName)];

        Assert.Equal(["stored_5", "stored_4", "ws-b", "stored_3"], await Names(new ModelQuery { Limit = 4 }));
        Assert.Equal(["stored_2", "ws-a", "stored_1", "stored_0"], await Names(new ModelQuery { Offset = 4, Limit = 4 }));
        Assert.Equal(["stored_0", "stored_1", "stored_2", "stored_3"], await Names(new ModelQuery { OrderByName = true, Ascending = true, Limit = 4 }));
        Assert.Equal(["ws-a", "ws-b"], await Names(new ModelQuery { NameContains = "WS", Ascending = true, Limit = 10 }));
        Assert.Equal(["stored_2", "ws-a"], await Names(new ModelQuery { CreatedAfter = T0.AddSeconds(2), CreatedBefore = T0.AddSeconds(6), Limit = 10 }));
        Assert.Empty(await Names(new ModelQuery { NameContains = "d%", Limit = 10 }));
        Assert.Equal(["arn:ws-b"], (await store.ListModelsAsync(new ModelQuery { NameContains = "ws-b", Limit = 1 }, workspace, CancellationToken.None)).Select(m => m.ModelArn));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_test_page_is_filtered_and_cut_in_the_database(string database)
    {
        await using var store = await OpenAsync(database);
        await store.AddJobAsync(Job("j1"), CancellationToken.None);
        for (var i = 0; i < 7; i++)
        {
            var status = i % 2 == 0 ? RecommendationStatus.Completed : RecommendationStatus.Failed;
            await store.SaveTestAsync(new StoredTest { JobName = "j1", TestIndex = i, Status = status, EndpointName = $"e{i}" }, CancellationToken.None);
        }

        async Task<int[]> Indexes(TestQuery query) => [.. (await store.ListTestsAsync(query, CancellationToken.None)).Select(t => t.TestIndex)];

        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6 }, await Indexes(new TestQuery("j1")));
        Assert.Equal(new[] { 2, 3, 4 }, await Indexes(new TestQuery("j1") { Offset = 2, Limit = 3 }));
        Assert.Equal(new[] { 2, 4 }, await Indexes(new TestQuery("j1") { Status = RecommendationStatus.Completed, Offset = 1, Limit = 2 }));
        Assert.Equal(new[] { 5 }, await Indexes(new TestQuery("j1") { Status = RecommendationStatus.Failed, Offset = 2 }));
        Assert.Empty(await Indexes(new TestQuery("j1") { Status = RecommendationStatus.Stopped }));
        Assert.Empty(await Indexes(new TestQuery("j2")));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task AI_resources_are_unique_by_kind_and_name_and_list_filtered_sorted_and_paged(string database)
    {
        await using var store = await OpenAsync(database);
        StoredAiResource Job(string name, string status, int second) => new(AiResourceKind.BenchmarkJob, name, "arn:" + name, status, T0.AddSeconds(second),
            null, null, null, "config", "{}", null);
        Assert.True(await store.AddAiResourceAsync(Job("b-1", "Completed", 1), CancellationToken.None));
        Assert.True(await store.AddAiResourceAsync(Job("b-2", "InProgress", 2), CancellationToken.None));
        Assert.True(await store.AddAiResourceAsync(Job("a-3", "Completed", 3), CancellationToken.None));
        Assert.False(await store.AddAiResourceAsync(Job("b-1", "Failed", 4), CancellationToken.None));
        Assert.True(await store.AddAiResourceAsync(Job("b-1", "Failed", 4) with { Kind = AiResourceKind.RecommendationJob }, CancellationToken.None));

        var ended = Job("b-2", "Completed", 2) with { EndTime = T0.AddSeconds(9), ResultJson = "[]" };
        await store.UpdateAiResourceAsync(ended, CancellationToken.None);
        Assert.Equal(ended, await store.GetAiResourceAsync(AiResourceKind.BenchmarkJob, "b-2", CancellationToken.None));

        AiResourceQuery Query(int offset, int limit) => new() { Kind = AiResourceKind.BenchmarkJob, NameContains = "B-", StatusEquals = "Completed", Offset = offset, Limit = limit };
        var first = await store.ListAiResourcesAsync(Query(0, 1), CancellationToken.None);
        var second = await store.ListAiResourcesAsync(Query(1, 5), CancellationToken.None);
        Assert.Equal(["b-2", "b-1"], first.Concat(second).Select(r => r.Name));
        var byName = await store.ListAiResourcesAsync(new AiResourceQuery { Kind = AiResourceKind.BenchmarkJob, SortBy = "Name", Ascending = true, Limit = 10 }, CancellationToken.None);
        Assert.Equal(["a-3", "b-1", "b-2"], byName.Select(r => r.Name));
        Assert.True(await store.DeleteAiResourceAsync(AiResourceKind.BenchmarkJob, "b-1", CancellationToken.None));
        Assert.NotNull(await store.GetAiResourceAsync(AiResourceKind.RecommendationJob, "b-1", CancellationToken.None));
    }

    private static JobQuery Page(RecommendationStatus? status, string? name, int offset, int limit) =>
        new() { Status = status, NameContains = name, Offset = offset, Limit = limit };

    public void Dispose()
    {
        if (Directory.Exists(_sqliteFolder))
        {
            Directory.Delete(_sqliteFolder, recursive: true);
        }
    }

    private async Task<IRecommendationStore> OpenAsync(string database)
    {
        var store = database == "sqlite"
            ? RecommendationStores.Sqlite(Path.Combine(_sqliteFolder, Guid.NewGuid().ToString("N")), TimeProvider.System)
            : RecommendationStores.Postgres(await _postgres.CreateDatabaseAsync(), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    private static StoredJob Job(string name) => new()
    {
        JobName = name,
        JobArn = "arn:" + name,
        JobType = "Advanced",
        Status = RecommendationStatus.Pending,
        RoleArn = "arn:role",
        CreationTime = T0,
        LastModifiedTime = T0,
        ModelName = "m",
        RequestJson = "{}",
        DescribeJson = "{}",
    };

    private static StoredWindow Window(string job, int test, int second) => new(job, test, new WindowStats
    {
        EndSecond = second,
        LengthSeconds = Math.Min(second, 60),
        IsFull = second >= 60,
        Users = 2,
        MeanUsers = second % 3 == 0 ? double.NaN : 1.75,
        Invocations = second * 10,
        ClientErrors = 0,
        ServerErrors = 1,
        Timeouts = 0,
        ConnectionErrors = 0,
        P50Ms = 1.5,
        P90Ms = 2,
        P95Ms = 2.5,
        P99Ms = 3,
        P999Ms = 4,
        MaxMs = 5.25,
        CpuUtilization = second % 2 == 0 ? 42.5 : double.NaN,
        MemoryUtilization = 3.1,
        HostBound = (second % 3) switch { 0 => null, 1 => true, _ => false },
    });
}
