using RightSize.Generative.Api;
using RightSize.Server.Generative;
using RightSize.Server.Storage;
using RightSize.Workspaces;

namespace RightSize.Server.Api.Generative;

/// <summary>Create, Describe, List, Stop and Delete AIRecommendationJob; a job runs in <see cref="AiJobHost"/> (<see cref="AiRecommendationRun"/>).</summary>
internal static class AiRecommendationJobOperations
{
    private const AiResourceKind Kind = AiResourceKind.RecommendationJob;

    public static async Task<ApiResponse> CreateAsync(ServerState state, CreateAIRecommendationJobRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>(AiApiValidator.Validate(request));
        var resolver = new WorkspaceResolver(state.Workspace, state.AllowedRoots);
        if (errors.Count == 0)
        {
            var model = resolver.ResolveLocation(request.ModelSource!.S3!.S3Uri!, "ModelSource.S3.S3Uri");
            errors.AddRange(model.Errors);
        }

        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var (config, _, failure) = await AiJobInputs.ResolveAsync(state, request.AIWorkloadConfigIdentifier!, null, string.Empty, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        var output = resolver.ResolveOutputLocation(request.OutputConfig!.S3OutputLocation!, "OutputConfig.S3OutputLocation");
        if (!output.Succeeded)
        {
            return ApiResponse.Validation(output.Errors);
        }

        var name = request.AIRecommendationJobName!;
        var stored = new StoredAiResource(Kind, name, state.Arn(Kind, name), AiJobStatus.InProgress, state.Time.GetUtcNow(), null, null, null, config!.Name,
            SageMakerJson.Serialize(request, AiJsonContext.Default.CreateAIRecommendationJobRequest), null);
        if (!await state.Store.AddAiResourceAsync(stored, cancellationToken))
        {
            return ApiResponse.Error(ErrorCodes.ResourceInUse, $"AI recommendation job '{stored.Arn}' already exists");
        }

        state.AiJobs.Start(stored, (job, token) => AiRecommendationRun.RunAsync(state, job, request, config.Workload, output.Value, token));
        return ApiResponse.Ok(new CreateAIRecommendationJobResponse { AIRecommendationJobArn = stored.Arn }, AiJsonContext.Default.CreateAIRecommendationJobResponse);
    }

    public static async Task<ApiResponse> DescribeAsync(ServerState state, AIRecommendationJobNameRequest request, CancellationToken cancellationToken)
    {
        var (stored, error) = await FindAsync(state, request.AIRecommendationJobName, cancellationToken);
        if (stored is null)
        {
            return error!;
        }

        var created = AiResources.Request(stored, AiJsonContext.Default.CreateAIRecommendationJobRequest);
        var recommendations = stored.ResultJson is { } json ? System.Text.Json.JsonSerializer.Deserialize(json, AiJsonContext.Default.ListAIRecommendation) : null;
        return ApiResponse.Ok(new DescribeAIRecommendationJobResponse
        {
            AIRecommendationJobName = stored.Name,
            AIRecommendationJobArn = stored.Arn,
            AIRecommendationJobStatus = stored.Status!,
            FailureReason = stored.FailureReason,
            ModelSource = created.ModelSource!,
            OutputConfig = created.OutputConfig!,
            InferenceSpecification = created.InferenceSpecification,
            AIWorkloadConfigIdentifier = created.AIWorkloadConfigIdentifier!,
            OptimizeModel = created.OptimizeModel,
            PerformanceTarget = created.PerformanceTarget,
            Recommendations = recommendations,
            RoleArn = created.RoleArn!,
            ComputeSpec = created.ComputeSpec,
            CreationTime = stored.CreationTime,
            StartTime = stored.StartTime,
            EndTime = stored.EndTime,
            Tags = created.Tags,
        }, AiJsonContext.Default.DescribeAIRecommendationJobResponse);
    }

    public static async Task<ApiResponse> ListAsync(ServerState state, ListAIJobsRequest request, CancellationToken cancellationToken)
    {
        var (page, next, error) = await AiResources.PageAsync(state, Kind, request, ["Name", "CreationTime", "Status"], cancellationToken);
        return error ?? ApiResponse.Ok(new ListAIRecommendationJobsResponse
        {
            AIRecommendationJobs = [.. page!.Select(j => new AIRecommendationJobSummary
            {
                AIRecommendationJobName = j.Name,
                AIRecommendationJobArn = j.Arn,
                AIRecommendationJobStatus = j.Status!,
                CreationTime = j.CreationTime,
                EndTime = j.EndTime,
            })],
            NextToken = next,
        }, AiJsonContext.Default.ListAIRecommendationJobsResponse);
    }

    public static async Task<ApiResponse> StopAsync(ServerState state, AIRecommendationJobNameRequest request, CancellationToken cancellationToken)
    {
        var (stored, error) = await FindAsync(state, request.AIRecommendationJobName, cancellationToken);
        return stored is null ? error! : await AiJobInputs.StopAsync(state, stored, cancellationToken)
            ?? ApiResponse.Ok(new AIRecommendationJobArnResponse { AIRecommendationJobArn = stored.Arn }, AiJsonContext.Default.AIRecommendationJobArnResponse);
    }

    public static async Task<ApiResponse> DeleteAsync(ServerState state, AIRecommendationJobNameRequest request, CancellationToken cancellationToken)
    {
        var (stored, error) = await FindAsync(state, request.AIRecommendationJobName, cancellationToken);
        return stored is null ? error! : await AiJobInputs.DeleteAsync(state, stored, cancellationToken)
            ?? ApiResponse.Ok(new AIRecommendationJobArnResponse { AIRecommendationJobArn = stored.Arn }, AiJsonContext.Default.AIRecommendationJobArnResponse);
    }

    private static Task<(StoredAiResource? Stored, ApiResponse? Error)> FindAsync(ServerState state, string? name, CancellationToken cancellationToken) =>
        AiResources.FindAsync(state, Kind, name, "AIRecommendationJobName", cancellationToken);
}
