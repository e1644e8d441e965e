using System.Text.Json.Serialization;
using RightSize.Jobs;

namespace RightSize.Generative.Api;

/// <summary>The AI API family's shapes, with <see cref="SageMakerJsonContext"/>'s options (unknown members rejected, nulls omitted, epoch seconds).</summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateAIWorkloadConfigRequest))]
[JsonSerializable(typeof(CreateAIWorkloadConfigResponse))]
[JsonSerializable(typeof(DescribeAIWorkloadConfigRequest))]
[JsonSerializable(typeof(DescribeAIWorkloadConfigResponse))]
[JsonSerializable(typeof(ListAIWorkloadConfigsRequest))]
[JsonSerializable(typeof(ListAIWorkloadConfigsResponse))]
[JsonSerializable(typeof(DeleteAIWorkloadConfigRequest))]
[JsonSerializable(typeof(DeleteAIWorkloadConfigResponse))]
[JsonSerializable(typeof(CreateAIBenchmarkJobRequest))]
[JsonSerializable(typeof(CreateAIBenchmarkJobResponse))]
[JsonSerializable(typeof(AIBenchmarkJobNameRequest))]
[JsonSerializable(typeof(AIBenchmarkJobArnResponse))]
[JsonSerializable(typeof(DescribeAIBenchmarkJobResponse))]
[JsonSerializable(typeof(ListAIJobsRequest))]
[JsonSerializable(typeof(ListAIBenchmarkJobsResponse))]
[JsonSerializable(typeof(CreateAIRecommendationJobRequest))]
[JsonSerializable(typeof(CreateAIRecommendationJobResponse))]
[JsonSerializable(typeof(AIRecommendationJobNameRequest))]
[JsonSerializable(typeof(AIRecommendationJobArnResponse))]
[JsonSerializable(typeof(DescribeAIRecommendationJobResponse))]
[JsonSerializable(typeof(ListAIRecommendationJobsResponse))]
[JsonSerializable(typeof(List<AIRecommendation>))]
public sealed partial class AiJsonContext : JsonSerializerContext;
