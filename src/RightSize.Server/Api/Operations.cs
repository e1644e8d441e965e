using System.Text.Json.Serialization.Metadata;
using RightSize.Generative.Api;
using RightSize.Jobs;
using RightSize.Registry;
using RightSize.Server.Api.Generative;
using RightSize.Server.Api.Registry;

namespace RightSize.Server.Api;

/// <summary>The served operations by X-Amz-Target name: each parses its request shape (path-named errors) and runs.</summary>
internal static class Operations
{
    public const string TargetPrefix = "SageMaker.";

    private delegate Task<ApiResponse> Operation(ServerState state, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    private static readonly Dictionary<string, Operation> ByName = new(StringComparer.Ordinal)
    {
        ["CreateModel"] = Op(SageMakerJsonContext.Default.CreateModelRequest, ModelOperations.CreateAsync),
        ["DescribeModel"] = Op(SageMakerJsonContext.Default.DescribeModelRequest, ModelOperations.DescribeAsync),
        ["ListModels"] = Op(SageMakerJsonContext.Default.ListModelsRequest, ModelOperations.ListAsync),
        ["DeleteModel"] = Op(SageMakerJsonContext.Default.DeleteModelRequest, ModelOperations.DeleteAsync),
        ["CreateInferenceRecommendationsJob"] = Op(SageMakerJsonContext.Default.CreateInferenceRecommendationsJobRequest, JobCreation.CreateAsync),
        ["DescribeInferenceRecommendationsJob"] = Op(SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobRequest, JobOperations.DescribeAsync),
        ["ListInferenceRecommendationsJobs"] = Op(SageMakerJsonContext.Default.ListInferenceRecommendationsJobsRequest, JobOperations.ListAsync),
        ["ListInferenceRecommendationsJobSteps"] = Op(SageMakerJsonContext.Default.ListInferenceRecommendationsJobStepsRequest, JobOperations.StepsAsync),
        ["StopInferenceRecommendationsJob"] = Op(SageMakerJsonContext.Default.StopInferenceRecommendationsJobRequest, JobOperations.StopAsync),
        ["GetScalingConfigurationRecommendation"] = Op(
            SageMakerJsonContext.Default.GetScalingConfigurationRecommendationRequest, ScalingRecommendations.GetAsync),
        ["CreateModelPackageGroup"] = Op(RegistryJsonContext.Default.CreateModelPackageGroupRequest, ModelPackageGroupOperations.CreateAsync),
        ["DescribeModelPackageGroup"] = Op(RegistryJsonContext.Default.ModelPackageGroupNameRequest, ModelPackageGroupOperations.DescribeAsync),
        ["ListModelPackageGroups"] = Op(RegistryJsonContext.Default.ListModelPackageGroupsRequest, ModelPackageGroupOperations.ListAsync),
        ["DeleteModelPackageGroup"] = Op(RegistryJsonContext.Default.ModelPackageGroupNameRequest, ModelPackageGroupOperations.DeleteAsync),
        ["CreateModelPackage"] = Op(RegistryJsonContext.Default.CreateModelPackageRequest, ModelPackageOperations.CreateAsync),
        ["DescribeModelPackage"] = Op(RegistryJsonContext.Default.ModelPackageNameRequest, ModelPackageOperations.DescribeAsync),
        ["ListModelPackages"] = Op(RegistryJsonContext.Default.ListModelPackagesRequest, ModelPackageOperations.ListAsync),
        ["UpdateModelPackage"] = Op(RegistryJsonContext.Default.UpdateModelPackageRequest, ModelPackageOperations.UpdateAsync),
        ["DeleteModelPackage"] = Op(RegistryJsonContext.Default.ModelPackageNameRequest, ModelPackageOperations.DeleteAsync),
        ["CreateAIWorkloadConfig"] = Op(AiJsonContext.Default.CreateAIWorkloadConfigRequest, AiWorkloadConfigOperations.CreateAsync),
        ["DescribeAIWorkloadConfig"] = Op(AiJsonContext.Default.DescribeAIWorkloadConfigRequest, AiWorkloadConfigOperations.DescribeAsync),
        ["ListAIWorkloadConfigs"] = Op(AiJsonContext.Default.ListAIWorkloadConfigsRequest, AiWorkloadConfigOperations.ListAsync),
        ["DeleteAIWorkloadConfig"] = Op(AiJsonContext.Default.DeleteAIWorkloadConfigRequest, AiWorkloadConfigOperations.DeleteAsync),
        ["CreateAIBenchmarkJob"] = Op(AiJsonContext.Default.CreateAIBenchmarkJobRequest, AiBenchmarkJobOperations.CreateAsync),
        ["DescribeAIBenchmarkJob"] = Op(AiJsonContext.Default.AIBenchmarkJobNameRequest, AiBenchmarkJobOperations.DescribeAsync),
        ["ListAIBenchmarkJobs"] = Op(AiJsonContext.Default.ListAIJobsRequest, AiBenchmarkJobOperations.ListAsync),
        ["StopAIBenchmarkJob"] = Op(AiJsonContext.Default.AIBenchmarkJobNameRequest, AiBenchmarkJobOperations.StopAsync),
        ["DeleteAIBenchmarkJob"] = Op(AiJsonContext.Default.AIBenchmarkJobNameRequest, AiBenchmarkJobOperations.DeleteAsync),
        ["CreateAIRecommendationJob"] = Op(AiJsonContext.Default.CreateAIRecommendationJobRequest, AiRecommendationJobOperations.CreateAsync),
        ["DescribeAIRecommendationJob"] = Op(AiJsonContext.Default.AIRecommendationJobNameRequest, AiRecommendationJobOperations.DescribeAsync),
        ["ListAIRecommendationJobs"] = Op(AiJsonContext.Default.ListAIJobsRequest, AiRecommendationJobOperations.ListAsync),
        ["StopAIRecommendationJob"] = Op(AiJsonContext.Default.AIRecommendationJobNameRequest, AiRecommendationJobOperations.StopAsync),
        ["DeleteAIRecommendationJob"] = Op(AiJsonContext.Default.AIRecommendationJobNameRequest, AiRecommendationJobOperations.DeleteAsync),
    };

    public static IEnumerable<string> Names => ByName.Keys;

    /// <summary>Runs the operation <paramref name="target"/> names (X-Amz-Target), or answers UnknownOperationException.</summary>
    public static Task<ApiResponse> RunAsync(ServerState state, string? target, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (target is null || !target.StartsWith(TargetPrefix, StringComparison.Ordinal) || !ByName.TryGetValue(target[TargetPrefix.Length..], out var operation))
        {
            var shown = target is null ? "no X-Amz-Target header" : $"X-Amz-Target '{ListFilters.Shorten(target)}'";
            return Task.FromResult(ApiResponse.Error(ErrorCodes.UnknownOperation,
                $"{shown}: this server answers SageMaker.{{{string.Join(", ", ByName.Keys)}}}"));
        }

        return operation(state, body.IsEmpty ? "{}"u8.ToArray() : body, cancellationToken);
    }

    private static Operation Op<T>(JsonTypeInfo<T> typeInfo, Func<ServerState, T, CancellationToken, Task<ApiResponse>> handler)
        where T : class => (state, body, cancellationToken) =>
        {
            var parsed = SageMakerJson.Parse(body, typeInfo);
            return parsed.Succeeded ? handler(state, parsed.Value, cancellationToken) : Task.FromResult(ApiResponse.Validation(parsed.Errors));
        };
}
