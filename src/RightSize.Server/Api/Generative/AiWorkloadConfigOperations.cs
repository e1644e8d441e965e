using RightSize.Generative.Api;
using RightSize.Server.Generative;
using RightSize.Server.Storage;
using RightSize.Workspaces;

namespace RightSize.Server.Api.Generative;

/// <summary>Create, Describe, List and Delete AIWorkloadConfig. A config is checked whole at creation: its spec and its dataset.</summary>
internal static class AiWorkloadConfigOperations
{
    private const AiResourceKind Kind = AiResourceKind.WorkloadConfig;

    public static async Task<ApiResponse> CreateAsync(ServerState state, CreateAIWorkloadConfigRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>(AiApiValidator.Validate(request));
        if (errors.Count == 0)
        {
            errors.AddRange(AiWorkload.Read(request, new WorkspaceResolver(state.Workspace, state.AllowedRoots)).Errors);
        }

        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var name = request.AIWorkloadConfigName!;
        var arn = state.Arn(Kind, name);
        var stored = new StoredAiResource(Kind, name, arn, null, state.Time.GetUtcNow(), null, null, null, null,
            SageMakerJson.Serialize(request, AiJsonContext.Default.CreateAIWorkloadConfigRequest), null);
        return await state.Store.AddAiResourceAsync(stored, cancellationToken)
            ? ApiResponse.Ok(new CreateAIWorkloadConfigResponse { AIWorkloadConfigArn = arn }, AiJsonContext.Default.CreateAIWorkloadConfigResponse)
            : ApiResponse.Error(ErrorCodes.ResourceInUse, $"AI workload config '{arn}' already exists");
    }

    public static async Task<ApiResponse> DescribeAsync(ServerState state, DescribeAIWorkloadConfigRequest request, CancellationToken cancellationToken)
    {
        var errors = AiApiValidator.Name(request.AIWorkloadConfigName, "AIWorkloadConfigName");
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var stored = await state.Store.GetAiResourceAsync(Kind, request.AIWorkloadConfigName!, cancellationToken);
        if (stored is null)
        {
            return AiResources.NotFound(state, Kind, request.AIWorkloadConfigName!);
        }

        var created = AiResources.Request(stored, AiJsonContext.Default.CreateAIWorkloadConfigRequest);
        return ApiResponse.Ok(new DescribeAIWorkloadConfigResponse
        {
            AIWorkloadConfigName = stored.Name,
            AIWorkloadConfigArn = stored.Arn,
            DatasetConfig = created.DatasetConfig,
            AIWorkloadConfigs = created.AIWorkloadConfigs,
            Tags = created.Tags,
            CreationTime = stored.CreationTime,
        }, AiJsonContext.Default.DescribeAIWorkloadConfigResponse);
    }

    public static async Task<ApiResponse> ListAsync(ServerState state, ListAIWorkloadConfigsRequest request, CancellationToken cancellationToken)
    {
        var asJobs = new ListAIJobsRequest
        {
            MaxResults = request.MaxResults,
            NextToken = request.NextToken,
            NameContains = request.NameContains,
            CreationTimeAfter = request.CreationTimeAfter,
            CreationTimeBefore = request.CreationTimeBefore,
            SortBy = request.SortBy,
            SortOrder = request.SortOrder,
        };
        var (page, next, error) = await AiResources.PageAsync(state, Kind, asJobs, ["Name", "CreationTime"], cancellationToken);
        return error ?? ApiResponse.Ok(new ListAIWorkloadConfigsResponse
        {
            AIWorkloadConfigs = [.. page!.Select(c => new AIWorkloadConfigSummary { AIWorkloadConfigName = c.Name, AIWorkloadConfigArn = c.Arn, CreationTime = c.CreationTime })],
            NextToken = next,
        }, AiJsonContext.Default.ListAIWorkloadConfigsResponse);
    }

    public static async Task<ApiResponse> DeleteAsync(ServerState state, DeleteAIWorkloadConfigRequest request, CancellationToken cancellationToken)
    {
        var errors = AiApiValidator.Name(request.AIWorkloadConfigName, "AIWorkloadConfigName");
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var name = request.AIWorkloadConfigName!;
        var users = (await AiResources.ActiveAsync(state, AiResourceKind.BenchmarkJob, cancellationToken))
            .Concat(await AiResources.ActiveAsync(state, AiResourceKind.RecommendationJob, cancellationToken))
            .Where(j => j.WorkloadConfigName == name).Select(j => j.Name).ToList();
        if (users.Count > 0)
        {
            return ApiResponse.Error(ErrorCodes.ResourceInUse,
                $"AI workload config '{name}' is used by running jobs ({string.Join(", ", users.Take(5))}); stop them or wait until they end");
        }

        return await state.Store.DeleteAiResourceAsync(Kind, name, cancellationToken)
            ? ApiResponse.Ok(new DeleteAIWorkloadConfigResponse { AIWorkloadConfigArn = state.Arn(Kind, name) }, AiJsonContext.Default.DeleteAIWorkloadConfigResponse)
            : AiResources.NotFound(state, Kind, name);
    }
}
