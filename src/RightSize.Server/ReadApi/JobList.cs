using System.Data.Common;
using System.Text.Json;
using RightSize.Jobs;
using RightSize.Results;
using RightSize.Server.Hosting;
using RightSize.Server.Storage;

namespace RightSize.Server.ReadApi;

/// <summary>
/// One page of the job list, filtered and paged in the database, with live jobs' current state in place of their rows
/// and each job's top recommendation. While the store cannot be read, the live jobs alone.
/// </summary>
internal static class JobList
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static async Task<(List<JobView> Jobs, int Total)> PageAsync(ServerState state, JobQuery query, CancellationToken cancellationToken)
    {
        var live = state.Host.LiveJobs.ToDictionary(j => j.Name, Snapshot, StringComparer.Ordinal);
        JobView View(StoredJob job) => live.TryGetValue(job.JobName, out var current)
            ? JobView.Of(current, state.Host.Unsaved(job.JobName), Top(current))
            : JobView.Of(job, null, Top(job));
        try
        {
            var page = await state.Store.ListJobsPageAsync(query, cancellationToken);
            return ([.. page.Jobs.Select(View)], page.Total);
        }
        catch (DbException) when (live.Count > 0)
        {
            var matching = live.Values
                .Where(j => query.Status is null || j.Status == query.Status)
                .Where(j => query.NameContains is null || j.JobName.Contains(query.NameContains, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(j => j.CreationTime).ToList();
            return ([.. matching.Skip(query.Offset).Take(query.Limit ?? DefaultLimit).Select(View)], matching.Count);
        }
    }

    /// <summary>Checks the query string's paging and filters; every error at once.</summary>
    public static Result<JobQuery> Parse(string? status, string? name, string? offset, string? limit)
    {
        var errors = new List<ValidationError>();
        var first = ParseInt(errors, "offset", offset, 0, int.MaxValue, 0);
        var size = ParseInt(errors, "limit", limit, 1, MaxLimit, DefaultLimit);
        RecommendationStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (RecommendationStatuses.TryParse(status, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add(new("status", $"'{ValidationError.Shorten(status, 20)}' is not one of {string.Join(", ", RecommendationStatuses.All)}"));
            }
        }

        if (name is { Length: > 63 })
        {
            errors.Add(new("name", $"{name.Length} characters, more than 63 (a job name's limit)"));
        }

        return errors.Count > 0 ? Result<JobQuery>.Failure(errors)
            : Result<JobQuery>.Success(new JobQuery { Status = wanted, NameContains = string.IsNullOrEmpty(name) ? null : name, Offset = first, Limit = size });
    }

    private static int ParseInt(List<ValidationError> errors, string path, string? text, int min, int max, int fallback)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new(path, $"'{ValidationError.Shorten(text, 20)}' is not a whole number in {min}-{max}"));
        return fallback;
    }

    private static StoredJob Snapshot(HostedJob job)
    {
        var record = job.Record; // read once: a queued job's record is replaced when it starts
        lock (record.Sync)
        {
            return JobSnapshots.Job(record);
        }
    }

    /// <summary>
    /// The first recommendation of the job's Describe. The server wrote that JSON itself, so the list reads just the one
    /// member rather than checking and binding the whole response for every row of a page.
    /// </summary>
    private static TopRecommendation? Top(StoredJob job)
    {
        InferenceRecommendation? best;
        try
        {
            using var describe = JsonDocument.Parse(job.DescribeJson);
            best = describe.RootElement.ValueKind == JsonValueKind.Object
                && describe.RootElement.TryGetProperty("InferenceRecommendations", out var list)
                && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
                ? list[0].Deserialize(SageMakerJsonContext.Default.InferenceRecommendation)
                : null;
        }
        catch (JsonException)
        {
            best = null;
        }

        if (best is null)
        {
            return null;
        }

        var endpoint = best.EndpointConfiguration;
        var m = best.Metrics;
        return new TopRecommendation(endpoint.InstanceType, endpoint.InitialInstanceCount, endpoint.ServerlessConfig?.MemorySizeInMB,
            endpoint.ServerlessConfig?.MaxConcurrency, m?.CostPerHour, m?.CostPerInference, m?.MaxInvocations, m?.ModelLatency);
    }
}
