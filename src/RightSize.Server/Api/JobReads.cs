using System.Data.Common;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Server.Hosting;
using RightSize.Server.Storage;

namespace RightSize.Server.Api;

/// <summary>A job as the API shows it: from its live record while this server runs it, else from the store.</summary>
internal static class JobReads
{
    public static async Task<DescribeInferenceRecommendationsJobResponse?> DescribeAsync(ServerState state, string name, CancellationToken cancellationToken)
    {
        if (state.Host.Live(name) is { } live)
        {
            return JobDescriber.Describe(live.Record);
        }

        var stored = await state.Store.GetJobAsync(name, cancellationToken);
        return stored is null ? null : SageMakerJson.Parse(stored.DescribeJson, SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse).Value;
    }

    /// <summary>
    /// The job's steps the query selects by test index: a live job's from its record, a stored job's filtered and paged
    /// by the database; null when there is no such job.
    /// </summary>
    public static async Task<List<InferenceRecommendationsJobStep>?> StepsAsync(ServerState state, TestQuery query, CancellationToken cancellationToken)
    {
        if (state.Host.Live(query.JobName) is { } live)
        {
            return [.. (JobDescriber.Steps(live.Record).Steps ?? []).Where(s => query.Status is not { } status || s.Status == status)
                .Skip(query.Offset).Take(query.Limit ?? int.MaxValue)];
        }

        if (await state.Store.GetJobAsync(query.JobName, cancellationToken) is null)
        {
            return null;
        }

        var tests = await state.Store.ListTestsAsync(query, cancellationToken);
        return [.. tests.Select(t => SageMakerJson.Parse(t.StepJson, SageMakerJsonContext.Default.InferenceRecommendationsJobStep).Value)
            .OfType<InferenceRecommendationsJobStep>()];
    }

    /// <summary>
    /// The jobs <paramref name="query"/> selects from the store, with live jobs' current state in place of theirs (and
    /// what of theirs waits for the store). While the store cannot be read, the live jobs alone (those of the query's
    /// status).
    /// </summary>
    public static async Task<List<StoredJob>> ListAsync(ServerState state, JobQuery query, CancellationToken cancellationToken)
    {
        var live = state.Host.LiveJobs.ToDictionary(
            j => j.Name, j => Snapshot(j.Record), StringComparer.Ordinal);
        IReadOnlyList<StoredJob> stored;
        try
        {
            stored = await state.Store.ListJobsAsync(query, cancellationToken);
        }
        catch (DbException) when (live.Count > 0)
        {
            return [.. live.Values.Where(j => query.Status is not { } status || j.Status == status)];
        }

        return [.. stored.Select(j => live.GetValueOrDefault(j.JobName) ?? j)];
    }

    public static async Task<List<StoredTest>?> TestsAsync(ServerState state, string name, CancellationToken cancellationToken)
    {
        // One read of the live record: a queued job's record is replaced when it starts (HostedJob.Resume).
        if (state.Host.Live(name)?.Record is { } live)
        {
            lock (live.Sync)
            {
                return [.. live.Tests.Select(t => JobSnapshots.Test(live, t))];
            }
        }

        return await state.Store.GetJobAsync(name, cancellationToken) is null ? null : [.. await state.Store.ListTestsAsync(name, cancellationToken)];
    }

    /// <summary>The test's windows ending after <paramref name="afterEndSecond"/> (-1: all); null when there is no such job or test.</summary>
    public static async Task<List<StoredWindow>?> WindowsAsync(ServerState state, string name, int index, int afterEndSecond, CancellationToken cancellationToken)
    {
        if (state.Host.Live(name)?.Record is { } live)
        {
            lock (live.Sync)
            {
                return index < 0 || index >= live.Tests.Count ? null
                    : [.. live.Tests[index].Windows.Where(w => w.EndSecond > afterEndSecond)
                        .Select(w => JobSnapshots.Window(live, live.Tests[index], w))];
            }
        }

        var tests = await TestsAsync(state, name, cancellationToken);
        return tests is null || !tests.Any(t => t.TestIndex == index) ? null : [.. await state.Store.ListWindowsAsync(name, index, cancellationToken, afterEndSecond)];
    }

    private static StoredJob Snapshot(JobRecord record)
    {
        lock (record.Sync)
        {
            return JobSnapshots.Job(record);
        }
    }
}
