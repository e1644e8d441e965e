using RightSize.Jobs;
using RightSize.Results;

namespace RightSize.Tests.Jobs;

public sealed class JsonParsingTests
{
    [Fact]
    public void Malformed_json_reports_line_and_position()
    {
        var result = JobDocument.Parse("{\n  \"JobName\": \"a\",\n  \"JobType\" \"Advanced\"\n}");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.StartsWith("malformed JSON at line 3, position 13:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_field_is_named_with_its_path_and_the_allowed_fields()
    {
        var result = JobDocument.Parse("""
            {"JobName": "a", "InputConfig": {"TrafficPattern": {"Phases": [{"InitialNumberOfUsers": 1, "Foo": 2}]}}}
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal(
            "InputConfig.TrafficPattern.Phases[0].Foo: unknown field; allowed: InitialNumberOfUsers, SpawnRate, DurationInSeconds",
            error.ToString());
    }

    [Fact]
    public void Wrong_types_are_all_reported_with_paths()
    {
        var result = JobDocument.Parse("""
            {"JobName": 5, "InputConfig": {"JobDurationInSeconds": "7200", "EndpointConfigurations": {"InstanceType": "x"}},
             "Tags": [{"Key": "k", "Value": true}], "StoppingConditions": {"MaxInvocations": 1.5}}
            """);

        Assert.Equal(
            [
                "JobName: expected a string, got the number 5",
                "InputConfig.JobDurationInSeconds: expected a whole number (32-bit), got the string \"7200\"",
                "InputConfig.EndpointConfigurations: expected a list, got an object",
                "Tags[0].Value: expected a string, got true",
                "StoppingConditions.MaxInvocations: expected a whole number (32-bit), got the number 1.5",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Duplicate_fields_and_non_object_documents_are_rejected()
    {
        Assert.Equal("JobName: duplicate field; give it once", Assert.Single(JobDocument.Parse("""{"JobName": "a", "JobName": "b"}""").Errors).ToString());
        Assert.Equal("$", Assert.Single(JobDocument.Parse("[1]").Errors).Path);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted_in_files()
    {
        var result = JobDocument.Parse("{ // a job\n \"JobName\": \"a\", }");

        Assert.True(result.Succeeded);
        Assert.Equal("a", result.Value.JobName);
    }

    [Fact]
    public void Serialization_uses_sagemaker_names_and_omits_nulls()
    {
        var json = JobDocument.Serialize(new() { JobName = "a", InputConfig = new() { JobDurationInSeconds = 60 } });

        Assert.Equal("""{"JobName":"a","InputConfig":{"JobDurationInSeconds":60}}""", json);
    }

    [Fact]
    public void Timestamps_round_trip_as_epoch_seconds_with_milliseconds()
    {
        var created = new DateTimeOffset(2021, 10, 26, 19, 38, 30, 957, TimeSpan.Zero);
        var response = new DescribeInferenceRecommendationsJobResponse
        {
            JobName = "a",
            JobType = "Advanced",
            JobArn = "arn:aws:sagemaker:us-east-1:000000000000:inference-recommendations-job/a",
            RoleArn = "arn:aws:iam::000000000000:role/r",
            Status = RecommendationStatus.Completed,
            CreationTime = created,
            LastModifiedTime = created.AddSeconds(481),
            InputConfig = new(),
        };

        var json = SageMakerJson.Serialize(response, SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse);
        var back = SageMakerJson.Parse(json, SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse);

        Assert.Contains("\"CreationTime\":1635277110.957", json, StringComparison.Ordinal);
        Assert.Contains("\"LastModifiedTime\":1635277591.957", json, StringComparison.Ordinal);
        Assert.DoesNotContain("CompletionTime", json, StringComparison.Ordinal);
        Assert.True(back.Succeeded);
        Assert.Equal(response, back.Value with { InputConfig = response.InputConfig });
        Assert.Equal(created, back.Value.CreationTime);
    }

    [Fact]
    public void Timestamps_are_read_from_integers_and_iso_strings()
    {
        const string template = """
            {"JobName":"a","JobType":"Default","JobArn":"x","RoleArn":"r","Status":"PENDING","InputConfig":{},
             "CreationTime": CREATED, "LastModifiedTime": "2021-10-26T19:46:31.399Z"}
            """;

        var result = SageMakerJson.Parse(template.Replace("CREATED", "1635277110", StringComparison.Ordinal),
            SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse);

        Assert.True(result.Succeeded);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1635277110), result.Value.CreationTime);
        Assert.Equal(new DateTimeOffset(2021, 10, 26, 19, 46, 31, 399, TimeSpan.Zero), result.Value.LastModifiedTime);
    }

    [Fact]
    public void Missing_required_output_members_are_reported()
    {
        var result = SageMakerJson.Parse("""{"JobName": "a"}""", SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse);

        Assert.Contains(result.Errors, e => e.ToString() == "Status: required field is missing");
        Assert.Contains(result.Errors, e => e.ToString() == "CreationTime: required field is missing");
    }

    [Fact]
    public void Null_list_items_and_map_values_are_errors()
    {
        var result = JobDocument.Parse("""{"Tags": [null], "InputConfig": {"EndpointConfigurations": [{"InstanceType": null}]}}""");

        Assert.Equal(["Tags[0]: must not be null; remove the entry or give a value"], result.Errors.Select(e => e.ToString()));
        Assert.Equal(
            "PrimaryContainer.Environment[\"A\"]",
            Assert.Single(SageMakerJson.Parse("""{"PrimaryContainer": {"Environment": {"A": null}}}""", SageMakerJsonContext.Default.CreateModelRequest).Errors).Path);
    }
}
