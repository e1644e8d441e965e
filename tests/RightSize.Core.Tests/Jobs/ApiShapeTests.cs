using RightSize.Jobs;
using RightSize.Models;

namespace RightSize.Tests.Jobs;

public sealed class ApiShapeTests
{
    [Fact]
    public void Error_bodies_use_aws_member_names()
    {
        var json = SageMakerJson.Serialize(new AwsErrorResponse { Type = "ValidationException", Message = "JobName: required" }, SageMakerJsonContext.Default.AwsErrorResponse);

        Assert.Equal("""{"__type":"ValidationException","message":"JobName: required"}""", json);
    }

    [Fact]
    public void Create_model_requests_from_the_aws_cli_parse_and_validate()
    {
        var result = SageMakerJson.Parse("""
            {"ModelName": "xgb", "PrimaryContainer": {"Image": "builtin:xgboost", "ModelDataUrl": "s3://models/xgb/"},
             "ExecutionRoleArn": "arn:aws:iam::123456789012:role/RightSize", "EnableNetworkIsolation": false,
             "VpcConfig": {"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1"]}}
            """, SageMakerJsonContext.Default.CreateModelRequest);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(ModelValidator.Validate(result.Value));
    }

    [Theory]
    [InlineData("""{"PrimaryContainer": {"Image": "x"}}""", "ModelName", "required")]
    [InlineData("""{"ModelName": "m"}""", "PrimaryContainer", "required")]
    [InlineData("""{"ModelName": "m", "PrimaryContainer": {}}""", "PrimaryContainer.Image", "required")]
    [InlineData("""{"ModelName": "m", "PrimaryContainer": {"Image": "my image"}}""", "PrimaryContainer.Image", "whitespace")]
    [InlineData("""{"ModelName": "m", "PrimaryContainer": {"Image": "builtin:xgboost"}}""", "PrimaryContainer.ModelDataUrl", "required for builtin:xgboost")]
    [InlineData("""{"ModelName": "m", "PrimaryContainer": {"Image": "builtin:onnx"}}""", "PrimaryContainer.ModelDataUrl", "required for builtin:onnx: the folder that holds model.onnx")]
    [InlineData("""{"ModelName": "m", "PrimaryContainer": {"Image": "process"}}""", "PrimaryContainer.Environment", "RIGHTSIZE_COMMAND")]
    [InlineData("""{"ModelName": "m", "PrimaryContainer": {"Image": "x", "ModelDataUrl": "ftp://h/m"}}""", "PrimaryContainer.ModelDataUrl", "not a supported location")]
    [InlineData("""{"ModelName": "m", "PrimaryContainer": {"Image": "x", "Environment": {"A-B": "1"}}}""", "PrimaryContainer.Environment[\"A-B\"]", "environment variable name")]
    [InlineData("""{"ModelName": "m", "ExecutionRoleArn": "arn:aws:iam::1:role/short-but-long-enough", "PrimaryContainer": {"Image": "x"}}""", "ExecutionRoleArn", "is not valid")]
    [InlineData("""{"ModelName": "m", "VpcConfig": {"Subnets": ["s"]}, "PrimaryContainer": {"Image": "x"}}""", "VpcConfig.SecurityGroupIds", "required")]
    public void Create_model_rules_name_the_field(string json, string path, string fragment)
    {
        var errors = ModelValidator.Validate(SageMakerJson.Parse(json, SageMakerJsonContext.Default.CreateModelRequest).Value!);

        JobSamples.AssertSingleError(errors, path, fragment);
    }

    [Fact]
    public void Name_only_requests_check_the_name()
    {
        Assert.Empty(NameRules.ValidateJobName("job-1"));
        Assert.Equal("JobName: required: a job name (letters, digits and hyphens, up to 64)", Assert.Single(NameRules.ValidateJobName(null)).ToString());
        Assert.Equal("ModelName", Assert.Single(NameRules.ValidateModelName("-bad")).Path);
    }

    [Fact]
    public void List_responses_round_trip()
    {
        var response = new ListInferenceRecommendationsJobsResponse
        {
            InferenceRecommendationsJobs =
            [
                new()
                {
                    JobName = "j", JobDescription = "", JobType = "Advanced", JobArn = "arn", Status = RecommendationStatus.Completed,
                    RoleArn = "arn:aws:iam::123456789012:role/r", CreationTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
                    LastModifiedTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500),
                },
            ],
        };

        var json = SageMakerJson.Serialize(response, SageMakerJsonContext.Default.ListInferenceRecommendationsJobsResponse);
        var back = SageMakerJson.Parse(json, SageMakerJsonContext.Default.ListInferenceRecommendationsJobsResponse);

        Assert.Contains("\"LastModifiedTime\":1700000000.5", json, StringComparison.Ordinal);
        Assert.Equal(response.InferenceRecommendationsJobs[0], back.Value!.InferenceRecommendationsJobs[0]);
    }
}
