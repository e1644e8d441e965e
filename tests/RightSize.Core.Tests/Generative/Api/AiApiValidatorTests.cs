using RightSize.Generative.Api;

namespace RightSize.Core.Tests.Generative.Api;

public sealed class AiApiValidatorTests
{
    [Fact]
    public void A_benchmark_job_request_gets_every_error_at_once_each_at_its_field()
    {
        var errors = AiApiValidator.Validate(new CreateAIBenchmarkJobRequest
        {
            AIBenchmarkJobName = "bad_name-",
            BenchmarkTarget = new AIBenchmarkTarget(),
            OutputConfig = new AIBenchmarkOutputConfig { S3OutputLocation = "ftp://bucket/out" },
            AIWorkloadConfigIdentifier = "arn:aws:sagemaker:us-east-1:123:ai-workload-config/x",
            RoleArn = "role",
        });

        Assert.Equal(
            ["AIBenchmarkJobName", "BenchmarkTarget.Endpoint", "OutputConfig.S3OutputLocation", "AIWorkloadConfigIdentifier", "RoleArn"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void A_recommendation_job_takes_one_goal_of_SageMakers_three_and_instance_types_of_its_list()
    {
        var errors = AiApiValidator.Validate(new CreateAIRecommendationJobRequest
        {
            AIRecommendationJobName = "rec",
            ModelSource = new AIModelSource { S3 = new AIModelSourceS3 { S3Uri = "s3://models/llama/" } },
            OutputConfig = new AIRecommendationOutputConfig { S3OutputLocation = "s3://bucket/out/" },
            AIWorkloadConfigIdentifier = "chat",
            PerformanceTarget = new AIRecommendationPerformanceTarget { Constraints = [new() { Metric = "latency" }, new() { Metric = "cost" }] },
            RoleArn = "arn:aws:iam::123456789012:role/RightSize",
            ComputeSpec = new AIRecommendationComputeSpec { InstanceTypes = ["ml.g5.xlarge", "ml.m5.large"] },
        });

        Assert.Equal(["PerformanceTarget.Constraints", "PerformanceTarget.Constraints[0].Metric", "ComputeSpec.InstanceTypes[1]"], errors.Select(e => e.Path));
        Assert.Contains("ttft-ms, throughput, cost", errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chat", "chat")]
    [InlineData("arn:aws:sagemaker:us-east-1:123456789012:ai-workload-config/chat", "chat")]
    public void An_identifier_names_its_resource_by_name_or_arn(string identifier, string name) =>
        Assert.Equal(name, AiApiValidator.NameOf(identifier));
}
