using RightSize.Fleet.Placement;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Server.Api.Registry;
using RightSize.Server.Hosting;
using RightSize.Server.Security;
using RightSize.Workspaces;

namespace RightSize.Server.Api;

/// <summary>
/// CreateInferenceRecommendationsJob: validates and plans the whole job before anything starts (every error at once,
/// as a ValidationException), stores it as PENDING and queues it.
/// </summary>
internal static class JobCreation
{
    public static async Task<ApiResponse> CreateAsync(ServerState state, CreateInferenceRecommendationsJobRequest request, CancellationToken cancellationToken)
    {
        var checkedRequest = await CheckAsync(state, request, cancellationToken);
        if (!checkedRequest.Succeeded)
        {
            return ApiResponse.Validation(checkedRequest.Errors);
        }

        var job = checkedRequest.Value!;
        var name = job.Request.JobName!;
        if (state.Host.Live(name) is not null || await state.Store.GetJobAsync(name, cancellationToken) is not null)
        {
            return InUse(state, name);
        }

        var planned = await PlanAsync(state, job, cancellationToken);
        if (!planned.Succeeded)
        {
            return ApiResponse.Validation(planned.Errors);
        }

        if (!state.Host.TryReserve())
        {
            return ApiResponse.Error(ErrorCodes.ResourceLimitExceeded,
                $"{state.Options.MaxQueuedJobs} jobs are already waiting; wait for some to finish or stop them");
        }

        var record = new JobRecord(planned.Value, state.Time.GetUtcNow());
        var hosted = state.Host.Prepare(record);
        if (!hosted.Succeeded)
        {
            state.Host.Release();
            return ApiResponse.Error(ErrorCodes.ResourceLimitExceeded, hosted.Errors[0].Message);
        }

        var (stored, tests) = Snapshot(record);
        if (!await state.Store.AddJobAsync(stored, cancellationToken))
        {
            state.Host.Discard(hosted.Value!);
            return InUse(state, name);
        }

        foreach (var test in tests)
        {
            await state.Store.SaveTestAsync(test, cancellationToken);
        }

        state.Host.Enqueue(hosted.Value!);
        return ApiResponse.Ok(new CreateInferenceRecommendationsJobResponse { JobArn = record.Plan.JobArn },
            SageMakerJsonContext.Default.CreateInferenceRecommendationsJobResponse);
    }

    /// <summary>The request as it runs (a registered model package's version applied), or every error in it.</summary>
    public static async Task<Result<CheckedJob>> CheckAsync(
        ServerState state, CreateInferenceRecommendationsJobRequest request, CancellationToken cancellationToken)
    {
        var registered = await PackageJobs.ForJobAsync(state, request, cancellationToken);
        if (registered is { Succeeded: false })
        {
            return Result<CheckedJob>.Failure(registered.Errors);
        }

        request = registered?.Value?.Job ?? request;
        var errors = new List<ValidationError>(JobValidator.Validate(request, new JobValidationOptions { Relaxed = state.Options.RelaxedValidation }));
        errors.AddRange(ApiCommandPolicy.CheckJob(request, state.Options.AllowApiCommands));
        return errors.Count > 0 ? Result<CheckedJob>.Failure(errors) : Result<CheckedJob>.Success(new CheckedJob(request, registered?.Value?.Model));
    }

    /// <summary>Plans a stored job the server resumes: its registered package version, if any, is looked up again.</summary>
    public static async Task<Result<JobPlan>> PlanStoredAsync(ServerState state, CreateInferenceRecommendationsJobRequest request, CancellationToken cancellationToken)
    {
        var registered = await PackageJobs.ForJobAsync(state, request, cancellationToken);
        return registered is { Succeeded: false }
            ? Result<JobPlan>.Failure(registered.Errors)
            : await PlanAsync(state, new CheckedJob(request, registered?.Value?.Model), cancellationToken);
    }

    /// <summary>Plans a checked request (<see cref="CheckAsync"/>) on the server's models and workspace.</summary>
    private static async Task<Result<JobPlan>> PlanAsync(ServerState state, CheckedJob job, CancellationToken cancellationToken)
    {
        var (request, package) = job;
        var models = await ModelOperations.ForJobAsync(state, request.InputConfig?.ModelName, cancellationToken);
        // A model stored while API commands were allowed (or by an older version) runs only while they still are.
        if (request.InputConfig?.ModelName is { } modelName && ModelOperations.FromWorkspace(state, modelName) is null
            && models.FirstOrDefault(m => m.ModelName == modelName) is { } apiModel
            && ApiCommandPolicy.CheckModel(apiModel, state.Options.AllowApiCommands, $"Models[{modelName}].PrimaryContainer") is { Count: > 0 } refused)
        {
            return Result<JobPlan>.Failure(refused);
        }

        var workspace = state.Workspace with { Models = package is null ? models : [package, .. models] };
        // A Default job on a fleet takes its candidates and parallelism from the agents registered now.
        var fleet = request.JobType == "Default" && state.Options.Agents is { } agents ? await FleetRooms.ReadAsync(agents, cancellationToken) : null;
        return JobPlanner.Plan(request, new WorkspaceResolver(workspace, state.AllowedRoots), state.Catalog, new JobPlanningOptions
        {
            Region = state.Options.Region,
            AccountId = state.Options.AccountId,
            OnFleet = state.Options.EndpointPlacement is not null,
            Fleet = fleet,
        });
    }

    /// <summary>A checked request and the model of the registered package version it names (null: none), looked up once per create.</summary>
    internal sealed record CheckedJob(CreateInferenceRecommendationsJobRequest Request, Models.CreateModelRequest? PackageModel);

    private static (Storage.StoredJob Job, List<Storage.StoredTest> Tests) Snapshot(JobRecord record)
    {
        lock (record.Sync)
        {
            return (JobSnapshots.Job(record), [.. record.Tests.Select(t => JobSnapshots.Test(record, t))]);
        }
    }

    private static ApiResponse InUse(ServerState state, string name) => ApiResponse.Error(ErrorCodes.ResourceInUse,
        $"Job \"arn:aws:sagemaker:{state.Options.Region}:{state.Options.AccountId}:inference-recommendations-job/{name}\" already exists.");
}
