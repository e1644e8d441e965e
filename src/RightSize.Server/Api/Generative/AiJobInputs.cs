using RightSize.Generative.Api;
using RightSize.Server.Generative;
using RightSize.Server.Storage;
using RightSize.Workspaces;

namespace RightSize.Server.Api.Generative;

/// <summary>A job's workload config, made runnable.</summary>
internal sealed record AiConfig(string Name, AiWorkload Workload);

/// <summary>What both AI job kinds resolve before they are stored (the workload config, the endpoint), and their Stop and Delete rules.</summary>
internal static class AiJobInputs
{
    /// <summary>The config and (with <paramref name="endpoint"/>) the target; or the answer: ResourceNotFound for what does not exist.</summary>
    public static async Task<(AiConfig? Config, AiTarget? Target, ApiResponse? Failure)> ResolveAsync(
        ServerState state, string workloadIdentifier, string? endpoint, string endpointPath, CancellationToken cancellationToken)
    {
        var configName = AiApiValidator.NameOf(workloadIdentifier);
        var stored = await state.Store.GetAiResourceAsync(AiResourceKind.WorkloadConfig, configName, cancellationToken);
        if (stored is null)
        {
            return (null, null, AiResources.NotFound(state, AiResourceKind.WorkloadConfig, configName));
        }

        // The config was checked when created; its dataset may have changed or gone since.
        var request = AiResources.Request(stored, AiJsonContext.Default.CreateAIWorkloadConfigRequest);
        var (workload, errors) = AiWorkload.Read(request, new WorkspaceResolver(state.Workspace, state.AllowedRoots));
        if (workload is null)
        {
            return (null, null, ApiResponse.Validation([.. errors.Select(e => e with { Path = $"AIWorkloadConfigIdentifier ({configName}) {e.Path}" })]));
        }

        AiTarget? target = null;
        if (endpoint is not null)
        {
            var (resolved, notFound, invalid) = await AiTarget.ResolveAsync(state, AiApiValidator.NameOf(endpoint), cancellationToken);
            if (resolved is null)
            {
                return (null, null, notFound is not null ? ApiResponse.NotFound(notFound) : ApiResponse.Validation(endpointPath, invalid!));
            }

            target = resolved;
        }

        return (new AiConfig(configName, workload), target, null);
    }

    /// <summary>Null when the job is now stopping; an error when it has ended.</summary>
    public static async Task<ApiResponse?> StopAsync(ServerState state, StoredAiResource job, CancellationToken cancellationToken)
    {
        if (AiJobStatus.IsTerminal(job.Status!))
        {
            return ApiResponse.Validation(NamePath(job.Kind), $"{AiResources.Noun(job.Kind)} '{job.Name}' has ended ({job.Status}); only a running job stops");
        }

        if (job.Status == AiJobStatus.InProgress)
        {
            await state.Store.UpdateAiResourceAsync(job with { Status = AiJobStatus.Stopping }, cancellationToken);
        }

        state.AiJobs.Stop(job.Kind, job.Name);
        return null;
    }

    /// <summary>Null when deleted; ResourceInUse while the job runs.</summary>
    public static async Task<ApiResponse?> DeleteAsync(ServerState state, StoredAiResource job, CancellationToken cancellationToken)
    {
        if (!AiJobStatus.IsTerminal(job.Status!) || state.AiJobs.IsLive(job.Kind, job.Name))
        {
            return ApiResponse.Error(ErrorCodes.ResourceInUse, $"{AiResources.Noun(job.Kind)} '{job.Name}' is {job.Status}; stop it and wait until it has ended, then delete it");
        }

        return await state.Store.DeleteAiResourceAsync(job.Kind, job.Name, cancellationToken) ? null : AiResources.NotFound(state, job.Kind, job.Name);
    }

    private static string NamePath(AiResourceKind kind) => kind == AiResourceKind.BenchmarkJob ? "AIBenchmarkJobName" : "AIRecommendationJobName";
}
