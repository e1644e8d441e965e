using System.Text.Json.Serialization.Metadata;
using RightSize.Generative.Api;
using RightSize.Server.Storage;

namespace RightSize.Server.Api.Generative;

/// <summary>What the AI operations share: ARNs, names in messages, lookups, list pages.</summary>
internal static class AiResources
{
    public static string Arn(this ServerState state, AiResourceKind kind, string name) =>
        $"arn:aws:sagemaker:{state.Options.Region}:{state.Options.AccountId}:{ArnType(kind)}/{name}";

    public static string Noun(AiResourceKind kind) => kind switch
    {
        AiResourceKind.WorkloadConfig => "AI workload config",
        AiResourceKind.BenchmarkJob => "AI benchmark job",
        _ => "AI recommendation job",
    };

    public static ApiResponse NotFound(ServerState state, AiResourceKind kind, string name) =>
        ApiResponse.NotFound($"{Noun(kind)} '{state.Arn(kind, name)}' does not exist");

    /// <summary>The named job of a kind; or the answer: ValidationException for a bad name, ResourceNotFound for an unknown one.</summary>
    public static async Task<(StoredAiResource? Stored, ApiResponse? Error)> FindAsync(
        ServerState state, AiResourceKind kind, string? name, string path, CancellationToken cancellationToken)
    {
        var errors = AiApiValidator.Name(name, path);
        if (errors.Count > 0)
        {
            return (null, ApiResponse.Validation(errors));
        }

        var stored = await state.Store.GetAiResourceAsync(kind, name!, cancellationToken);
        return stored is null ? (null, NotFound(state, kind, name!)) : (stored, null);
    }

    /// <summary>The stored create request of a resource.</summary>
    public static T Request<T>(StoredAiResource stored, JsonTypeInfo<T> typeInfo)
        where T : class => SageMakerJson.Parse(stored.RequestJson, typeInfo).Value
            ?? throw new InvalidOperationException($"stored {Noun(stored.Kind)} '{stored.Name}' has an unreadable request");

    /// <summary>Checks the list members every AI list has, then reads one page (one row more tells whether a next page exists).</summary>
    public static async Task<(List<StoredAiResource>? Page, string? NextToken, ApiResponse? Error)> PageAsync(
        ServerState state, AiResourceKind kind, ListAIJobsRequest request, IReadOnlyList<string> sortKeys, CancellationToken cancellationToken)
    {
        var filters = Paging.Filters(kind.ToString(), request with { NextToken = null, MaxResults = null }, AiJsonContext.Default.ListAIJobsRequest);
        var errors = new List<ValidationError>(Paging.Check(request.NextToken, request.MaxResults, filters, out var offset, out var size));
        errors.AddRange(AiApiValidator.ValidateList(request.NameContains, request.StatusEquals, request.SortBy, request.SortOrder, sortKeys));
        if (errors.Count > 0)
        {
            return (null, null, ApiResponse.Validation(errors));
        }

        var rows = await state.Store.ListAiResourcesAsync(new AiResourceQuery
        {
            Kind = kind,
            NameContains = request.NameContains,
            StatusEquals = request.StatusEquals,
            CreatedAfter = request.CreationTimeAfter,
            CreatedBefore = request.CreationTimeBefore,
            SortBy = request.SortBy ?? "CreationTime",
            Ascending = request.SortOrder == "Ascending",
            Offset = offset,
            Limit = size + 1,
        }, cancellationToken);
        var (page, next) = Paging.PageOf([.. rows], offset, size, filters);
        return (page, next, null);
    }

    /// <summary>The active jobs (InProgress or Stopping) of a kind.</summary>
    public static async Task<IEnumerable<StoredAiResource>> ActiveAsync(ServerState state, AiResourceKind kind, CancellationToken cancellationToken)
    {
        var running = await state.Store.ListAiResourcesAsync(new AiResourceQuery { Kind = kind, StatusEquals = AiJobStatus.InProgress, Limit = 10_000 }, cancellationToken);
        var stopping = await state.Store.ListAiResourcesAsync(new AiResourceQuery { Kind = kind, StatusEquals = AiJobStatus.Stopping, Limit = 10_000 }, cancellationToken);
        return running.Concat(stopping);
    }

    private static string ArnType(AiResourceKind kind) => kind switch
    {
        AiResourceKind.WorkloadConfig => "ai-workload-config",
        AiResourceKind.BenchmarkJob => "ai-benchmark-job",
        _ => "ai-recommendation-job",
    };
}
