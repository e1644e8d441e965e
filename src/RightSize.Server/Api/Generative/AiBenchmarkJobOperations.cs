using RightSize.Generative.Api;
using RightSize.Server.Generative;
using RightSize.Server.Storage;
using RightSize.Workspaces;

namespace RightSize.Server.Api.Generative;

/// <summary>Create, Describe, List, Stop and Delete AIBenchmarkJob. A job is checked whole before it is stored, then runs in <see cref="AiJobHost"/>.</summary>
internal static class AiBenchmarkJobOperations
{
    private const AiResourceKind Kind = AiResourceKind.BenchmarkJob;

    public static async Task<ApiResponse> CreateAsync(ServerState state, CreateAIBenchmarkJobRequest request, CancellationToken cancellationToken)
    {
        var errors = AiApiValidator.Validate(request);
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var (config, target, failure) = await AiJobInputs.ResolveAsync(state, request.AIWorkloadConfigIdentifier!, request.BenchmarkTarget!.Endpoint!.Identifier!,
            "BenchmarkTarget.Endpoint.Identifier", cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        // Whether the endpoint hosts them shows at run time, as SageMaker's: its refusals fail the requests, and the job when none succeeds.
        if (request.BenchmarkTarget.Endpoint.InferenceComponents is { Count: > 0 } components)
        {
            target = target! with { InferenceComponents = [.. components.Select(c => AiApiValidator.NameOf(c.Identifier!))] };
        }

        var output = new WorkspaceResolver(state.Workspace, state.AllowedRoots).ResolveOutputLocation(request.OutputConfig!.S3OutputLocation!, "OutputConfig.S3OutputLocation");
        if (!output.Succeeded)
        {
            return ApiResponse.Validation(output.Errors);
        }

        var name = request.AIBenchmarkJobName!;
        var stored = new StoredAiResource(Kind, name, state.Arn(Kind, name), AiJobStatus.InProgress, state.Time.GetUtcNow(), null, null, null, config!.Name,
            SageMakerJson.Serialize(request, AiJsonContext.Default.CreateAIBenchmarkJobRequest), null);
        if (!await state.Store.AddAiResourceAsync(stored, cancellationToken))
        {
            return ApiResponse.Error(ErrorCodes.ResourceInUse, $"AI benchmark job '{stored.Arn}' already exists");
        }

        state.AiJobs.Start(stored, (job, token) => AiJobRuns.BenchmarkAsync(state, job.Name, config.Workload, target!, output.Value, null, token));
        return ApiResponse.Ok(new CreateAIBenchmarkJobResponse { AIBenchmarkJobArn = stored.Arn }, AiJsonContext.Default.CreateAIBenchmarkJobResponse);
    }

    public static async Task<ApiResponse> DescribeAsync(ServerState state, AIBenchmarkJobNameRequest request, CancellationToken cancellationToken)
    {
        var (stored, error) = await FindAsync(state, request.AIBenchmarkJobName, cancellationToken);
        if (stored is null)
        {
            return error!;
        }

        var created = AiResources.Request(stored, AiJsonContext.Default.CreateAIBenchmarkJobRequest);
        return ApiResponse.Ok(new DescribeAIBenchmarkJobResponse
        {
            AIBenchmarkJobName = stored.Name,
            AIBenchmarkJobArn = stored.Arn,
            AIBenchmarkJobStatus = stored.Status!,
            FailureReason = stored.FailureReason,
            BenchmarkTarget = created.BenchmarkTarget!,
            OutputConfig = new AIBenchmarkOutputResult { S3OutputLocation = created.OutputConfig!.S3OutputLocation! },
            AIWorkloadConfigIdentifier = created.AIWorkloadConfigIdentifier!,
            RoleArn = created.RoleArn!,
            NetworkConfig = created.NetworkConfig,
            CreationTime = stored.CreationTime,
            StartTime = stored.StartTime,
            EndTime = stored.EndTime,
            Tags = created.Tags,
        }, AiJsonContext.Default.DescribeAIBenchmarkJobResponse);
    }

    public static async Task<ApiResponse> ListAsync(ServerState state, ListAIJobsRequest request, CancellationToken cancellationToken)
    {
        var (page, next, error) = await AiResources.PageAsync(state, Kind, request, ["Name", "CreationTime", "Status"], cancellationToken);
        return error ?? ApiResponse.Ok(new ListAIBenchmarkJobsResponse
        {
            AIBenchmarkJobs = [.. page!.Select(j => new AIBenchmarkJobSummary
            {
                AIBenchmarkJobName = j.Name,
                AIBenchmarkJobArn = j.Arn,
                AIBenchmarkJobStatus = j.Status!,
                CreationTime = j.CreationTime,
                EndTime = j.EndTime,
                AIWorkloadConfigName = j.WorkloadConfigName,
            })],
            NextToken = next,
        }, AiJsonContext.Default.ListAIBenchmarkJobsResponse);
    }

    public static async Task<ApiResponse> StopAsync(ServerState state, AIBenchmarkJobNameRequest request, CancellationToken cancellationToken)
    {
        var (stored, error) = await FindAsync(state, request.AIBenchmarkJobName, cancellationToken);
        return stored is null ? error! : await AiJobInputs.StopAsync(state, stored, cancellationToken)
            ?? ApiResponse.Ok(new AIBenchmarkJobArnResponse { AIBenchmarkJobArn = stored.Arn }, AiJsonContext.Default.AIBenchmarkJobArnResponse);
    }

    public static async Task<ApiResponse> DeleteAsync(ServerState state, AIBenchmarkJobNameRequest request, CancellationToken cancellationToken)
    {
        var (stored, error) = await FindAsync(state, request.AIBenchmarkJobName, cancellationToken);
        return stored is null ? error! : await AiJobInputs.DeleteAsync(state, stored, cancellationToken)
            ?? ApiResponse.Ok(new AIBenchmarkJobArnResponse { AIBenchmarkJobArn = stored.Arn }, AiJsonContext.Default.AIBenchmarkJobArnResponse);
    }

    private static Task<(StoredAiResource? Stored, ApiResponse? Error)> FindAsync(ServerState state, string? name, CancellationToken cancellationToken) =>
        AiResources.FindAsync(state, Kind, name, "AIBenchmarkJobName", cancellationToken);
}
