using System.Text.Json.Serialization;
using RightSize.Catalog;
using RightSize.Jobs;
using RightSize.Models;
using RightSize.Results;
using RightSize.Workspaces;

namespace RightSize;

/// <summary>
/// The one serializer context for every SageMaker, workspace and catalog shape: SageMaker's member names as declared,
/// unknown members rejected, nulls omitted, timestamps as epoch seconds (JSON 1.1). Comments and trailing
/// commas are accepted because job and workspace files are written by hand.
/// </summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateModelRequest))]
[JsonSerializable(typeof(CreateModelResponse))]
[JsonSerializable(typeof(DescribeModelRequest))]
[JsonSerializable(typeof(DescribeModelResponse))]
[JsonSerializable(typeof(ListModelsRequest))]
[JsonSerializable(typeof(ListModelsResponse))]
[JsonSerializable(typeof(DeleteModelRequest))]
[JsonSerializable(typeof(CreateInferenceRecommendationsJobRequest))]
[JsonSerializable(typeof(CreateInferenceRecommendationsJobResponse))]
[JsonSerializable(typeof(DescribeInferenceRecommendationsJobRequest))]
[JsonSerializable(typeof(DescribeInferenceRecommendationsJobResponse))]
[JsonSerializable(typeof(ListInferenceRecommendationsJobsRequest))]
[JsonSerializable(typeof(ListInferenceRecommendationsJobsResponse))]
[JsonSerializable(typeof(ListInferenceRecommendationsJobStepsRequest))]
[JsonSerializable(typeof(ListInferenceRecommendationsJobStepsResponse))]
[JsonSerializable(typeof(StopInferenceRecommendationsJobRequest))]
[JsonSerializable(typeof(GetScalingConfigurationRecommendationRequest))]
[JsonSerializable(typeof(GetScalingConfigurationRecommendationResponse))]
[JsonSerializable(typeof(InferenceRecommendation))]
[JsonSerializable(typeof(AwsErrorResponse))]
[JsonSerializable(typeof(Workspace))]
[JsonSerializable(typeof(InstanceType))]
[JsonSerializable(typeof(List<InstanceType>))]
public sealed partial class SageMakerJsonContext : JsonSerializerContext;
