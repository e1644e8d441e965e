using System.Text.Json;
using RightSize.Models;

namespace RightSize.Jobs;

/// <summary>
/// SageMaker's own maximum lengths of the lists and maps in the requests RightSize reads (botocore's service model,
/// sagemaker 2017-07-24, <c>max</c> of each list and map shape), by the record and member that hold them. The shape
/// checker refuses a longer one before it reads a single item, so an over-long list costs one short error.
/// </summary>
internal static class SageMakerListLimits
{
    private static readonly Dictionary<(Type Holder, string Member), (int Max, string Shape)> Limits = new()
    {
        [(typeof(CreateInferenceRecommendationsJobRequest), "Tags")] = (50, "TagList"),
        [(typeof(RecommendationJobInputConfig), "EndpointConfigurations")] = (10, "EndpointInputConfigurations"),
        [(typeof(RecommendationJobInputConfig), "Endpoints")] = (1, "Endpoints"),
        [(typeof(EnvironmentParameterRanges), "CategoricalParameterRanges")] = (5, "CategoricalParameters"),
        [(typeof(CategoricalParameter), "Value")] = (3, "CategoricalParameterRangeValues"),
        [(typeof(RecommendationJobVpcConfig), "SecurityGroupIds")] = (5, "RecommendationJobVpcSecurityGroupIds"),
        [(typeof(RecommendationJobVpcConfig), "Subnets")] = (16, "RecommendationJobVpcSubnets"),
        [(typeof(RecommendationJobStoppingConditions), "ModelLatencyThresholds")] = (1, "ModelLatencyThresholds"),
        [(typeof(CreateModelRequest), "Tags")] = (50, "TagList"),
        [(typeof(ContainerDefinition), "Environment")] = (100, "EnvironmentMap"),
        [(typeof(VpcConfig), "SecurityGroupIds")] = (5, "VpcSecurityGroupIds"),
        [(typeof(VpcConfig), "Subnets")] = (16, "Subnets"),
    };

    /// <summary>The message when <paramref name="value"/> (a list or map) is longer than SageMaker allows for this member, else null.</summary>
    public static string? Check(Type holder, string member, JsonElement value)
    {
        if (!Limits.TryGetValue((holder, member), out var limit))
        {
            return null;
        }

        var count = value.ValueKind switch
        {
            JsonValueKind.Array => value.GetArrayLength(),
            JsonValueKind.Object => value.EnumerateObject().Count(),
            _ => 0,
        };
        return count > limit.Max ? $"has {count} items; SageMaker allows at most {limit.Max} ({limit.Shape}): remove {count - limit.Max}" : null;
    }
}
