namespace RightSize.Server.Storage;

/// <summary>
/// Where models, jobs, tests and per-window metrics outlive the server: SQLite (a file) or PostgreSQL. Writes of a
/// running job come from one writer task; reads come from the API.
/// </summary>
public interface IRecommendationStore : IAiResourceStore, IModelRegistryStore, IAsyncDisposable
{
    /// <summary>Brings the schema to the newest version; returns that version.</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>False when a model of that name exists.</summary>
    Task<bool> AddModelAsync(StoredModel model, CancellationToken cancellationToken);

    Task<StoredModel?> GetModelAsync(string modelName, CancellationToken cancellationToken);

    /// <summary>One page of the stored models and <paramref name="alongside"/> (models defined elsewhere) together, in the query's order.</summary>
    Task<IReadOnlyList<ModelListing>> ListModelsAsync(ModelQuery query, IReadOnlyList<ModelListing> alongside, CancellationToken cancellationToken);

    /// <summary>False when no model of that name exists.</summary>
    Task<bool> DeleteModelAsync(string modelName, CancellationToken cancellationToken);

    /// <summary>False when a job of that name exists.</summary>
    Task<bool> AddJobAsync(StoredJob job, CancellationToken cancellationToken);

    /// <summary>Replaces everything but the name and the request.</summary>
    Task UpdateJobAsync(StoredJob job, CancellationToken cancellationToken);

    Task<StoredJob?> GetJobAsync(string jobName, CancellationToken cancellationToken);

    /// <summary>The jobs the query selects, in its order, filtered and paged by the database.</summary>
    Task<IReadOnlyList<StoredJob>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken);

    /// <summary>The jobs the query selects and how many match its filters in all (regardless of its offset and limit).</summary>
    Task<JobPage> ListJobsPageAsync(JobQuery query, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the test (by job name and index).</summary>
    Task SaveTestAsync(StoredTest test, CancellationToken cancellationToken);

    /// <summary>The job's tests by index.</summary>
    Task<IReadOnlyList<StoredTest>> ListTestsAsync(string jobName, CancellationToken cancellationToken) => ListTestsAsync(new TestQuery(jobName), cancellationToken);

    /// <summary>The tests the query selects, by index, filtered and paged by the database.</summary>
    Task<IReadOnlyList<StoredTest>> ListTestsAsync(TestQuery query, CancellationToken cancellationToken);

    /// <summary>Inserts windows in one transaction; a window already stored is kept.</summary>
    Task AddWindowsAsync(IReadOnlyList<StoredWindow> windows, CancellationToken cancellationToken);

    /// <summary>Forgets a test's windows (a test re-run from the start after a restart).</summary>
    Task DeleteWindowsAsync(string jobName, int testIndex, CancellationToken cancellationToken);

    /// <summary>The test's windows in time order; with <paramref name="afterEndSecond"/>, only those ending later (what a live chart lacks).</summary>
    Task<IReadOnlyList<StoredWindow>> ListWindowsAsync(string jobName, int testIndex, CancellationToken cancellationToken, int afterEndSecond = -1);

    /// <summary>Every window of the job in one query, by test index and then time.</summary>
    Task<IReadOnlyList<StoredWindow>> ListWindowsAsync(string jobName, CancellationToken cancellationToken);
}

/// <summary>The jobs of one page and how many match the filter in all.</summary>
public sealed record JobPage(IReadOnlyList<StoredJob> Jobs, int Total);
