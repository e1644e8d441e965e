using RightSize.Jobs;
using RightSize.Registry;
using RightSize.Server.Security;

namespace RightSize.Server.Api.Registry;

/// <summary>
/// A job whose InputConfig.ModelPackageVersionArn names a version registered here runs on what the version carries
/// (<see cref="RegisteredPackage"/>). An ARN this registry does not hold is left to the workspace's mapping
/// (a model whose PrimaryContainer.ModelPackageName is that ARN: packages registered elsewhere).
/// </summary>
internal static class PackageJobs
{
    /// <summary>Null when the job names no version registered here; else the job as it runs, or why it cannot.</summary>
    public static async Task<Result<PackageJob>?> ForJobAsync(ServerState state, CreateInferenceRecommendationsJobRequest request, CancellationToken cancellationToken)
    {
        if (request.InputConfig?.ModelPackageVersionArn is not { } arn
            || !ModelPackageNames.TryParseVersion(arn, out var group, out var version)
            || await state.Store.GetModelPackageAsync(group, version, cancellationToken) is not { } stored
            || stored.Arn != arn
            || ModelPackageOperations.Parse(stored) is not { } package)
        {
            return null;
        }

        var applied = RegisteredPackage.Apply(request, package, arn);
        if (!applied.Succeeded)
        {
            return applied;
        }

        // A version registered while API commands were allowed runs only while they still are.
        var refused = ApiCommandPolicy.CheckModel(applied.Value.Model, state.Options.AllowApiCommands, $"ModelPackage[{arn}].InferenceSpecification.Containers[0]");
        return refused.Count > 0 ? Result<PackageJob>.Failure(refused) : applied;
    }
}
