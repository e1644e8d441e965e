using System.Text.RegularExpressions;
using RightSize.Jobs;

namespace RightSize.Generative.Api;

/// <summary>
/// The AI API family's request constraints from botocore's model (lengths, patterns, enums, unions, list sizes), every
/// error at once with its path. The workload spec itself is checked by <see cref="WorkloadSpecReader"/>.
/// </summary>
public static partial class AiApiValidator
{
    public static readonly IReadOnlyList<string> Statuses = [AiJobStatus.InProgress, AiJobStatus.Completed, AiJobStatus.Failed, AiJobStatus.Stopping, AiJobStatus.Stopped];

    public static readonly IReadOnlyList<string> Metrics = ["ttft-ms", "throughput", "cost"];

    /// <summary>botocore's AIRecommendationInstanceType enum.</summary>
    public static readonly IReadOnlyList<string> InstanceTypes =
    [
        .. Family("ml.g5", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"),
        .. Family("ml.g6", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"),
        .. Family("ml.g6e", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"),
        .. Family("ml.g7e", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "24xlarge", "48xlarge"),
        .. Family("ml.p3", "2xlarge", "8xlarge", "16xlarge"),
        "ml.p4d.24xlarge", "ml.p4de.24xlarge", "ml.p5.4xlarge", "ml.p5.48xlarge", "ml.p5e.48xlarge", "ml.p5en.48xlarge",
    ];

    /// <summary>Name63 (<c>AIEntityName</c>): required, 1-63 characters, letters, digits and inner hyphens.</summary>
    public static IReadOnlyList<ValidationError> Name(string? value, string path)
    {
        var context = new ValidationContext(new JobValidationOptions());
        CheckName(context, value, path);
        return context.Errors;
    }

    public static IReadOnlyList<ValidationError> Validate(CreateAIWorkloadConfigRequest request)
    {
        var context = new ValidationContext(new JobValidationOptions());
        CheckName(context, request.AIWorkloadConfigName, "AIWorkloadConfigName");
        if (request.DatasetConfig is { } dataset)
        {
            var channels = dataset.InputDataConfig;
            if (context.Required(channels, "DatasetConfig.InputDataConfig", "the dataset channels (DatasetConfig is a union: set InputDataConfig)"))
            {
                for (var i = 0; i < channels.Count; i++)
                {
                    var path = $"DatasetConfig.InputDataConfig[{i}]";
                    if (context.Required(channels[i].ChannelName, $"{path}.ChannelName", "a channel name, e.g. dataset"))
                    {
                        context.Text(channels[i].ChannelName, $"{path}.ChannelName", 1, 64, ChannelName(), "letters, digits, '.', '-' and '_'");
                    }

                    if (context.Required(channels[i].DataSource?.S3DataSource, $"{path}.DataSource.S3DataSource", "the channel's S3DataSource"))
                    {
                        CheckS3Uri(context, channels[i].DataSource!.S3DataSource!.S3Uri, $"{path}.DataSource.S3DataSource.S3Uri", required: true);
                    }
                }

                if (channels.Count > 1)
                {
                    context.Add("DatasetConfig.InputDataConfig", $"has {channels.Count} channels; RightSize reads one dataset channel, give one");
                }
            }
        }

        if (context.Required(request.AIWorkloadConfigs?.WorkloadSpec, "AIWorkloadConfigs.WorkloadSpec", "the workload spec: {\"Inline\": \"<YAML or JSON, benchmark.type: aiperf>\"}"))
        {
            context.Required(request.AIWorkloadConfigs!.WorkloadSpec!.Inline, "AIWorkloadConfigs.WorkloadSpec.Inline", "the YAML or JSON workload document (WorkloadSpec is a union: set Inline)");
        }

        TagRules.Check(context, request.Tags);
        return context.Errors;
    }

    public static IReadOnlyList<ValidationError> Validate(CreateAIBenchmarkJobRequest request)
    {
        var context = new ValidationContext(new JobValidationOptions());
        CheckName(context, request.AIBenchmarkJobName, "AIBenchmarkJobName");
        if (context.Required(request.BenchmarkTarget?.Endpoint, "BenchmarkTarget.Endpoint", "the endpoint to benchmark (BenchmarkTarget is a union: set Endpoint)"))
        {
            var endpoint = request.BenchmarkTarget!.Endpoint!;
            CheckIdentifier(context, endpoint.Identifier, "BenchmarkTarget.Endpoint.Identifier", "the endpoint's name or ARN");
            for (var i = 0; i < (endpoint.InferenceComponents?.Count ?? 0); i++)
            {
                CheckIdentifier(context, endpoint.InferenceComponents![i].Identifier, $"BenchmarkTarget.Endpoint.InferenceComponents[{i}].Identifier", "the inference component's name or ARN");
            }
        }

        if (context.Required(request.OutputConfig, "OutputConfig", "{\"S3OutputLocation\": \"s3://bucket/prefix/\"}"))
        {
            CheckS3Uri(context, request.OutputConfig.S3OutputLocation, "OutputConfig.S3OutputLocation", required: true);
        }

        CheckIdentifier(context, request.AIWorkloadConfigIdentifier, "AIWorkloadConfigIdentifier", "the workload config's name or ARN");
        CheckRole(context, request.RoleArn);
        if (request.NetworkConfig?.VpcConfig is { } vpc)
        {
            NameRules.CheckVpc(context, vpc.SecurityGroupIds, vpc.Subnets, "NetworkConfig.VpcConfig");
        }

        TagRules.Check(context, request.Tags);
        return context.Errors;
    }

    public static IReadOnlyList<ValidationError> Validate(CreateAIRecommendationJobRequest request)
    {
        var context = new ValidationContext(new JobValidationOptions());
        CheckName(context, request.AIRecommendationJobName, "AIRecommendationJobName");
        if (context.Required(request.ModelSource?.S3, "ModelSource.S3", "the model's location (ModelSource is a union: set S3)"))
        {
            CheckS3Uri(context, request.ModelSource!.S3!.S3Uri, "ModelSource.S3.S3Uri", required: true);
        }

        if (context.Required(request.OutputConfig, "OutputConfig", "{\"S3OutputLocation\": \"s3://bucket/prefix/\"}"))
        {
            CheckS3Uri(context, request.OutputConfig.S3OutputLocation, "OutputConfig.S3OutputLocation", required: true);
            if (request.OutputConfig.ModelPackageGroupIdentifier is not null)
            {
                CheckIdentifier(context, request.OutputConfig.ModelPackageGroupIdentifier, "OutputConfig.ModelPackageGroupIdentifier", "a model package group");
            }
        }

        CheckIdentifier(context, request.AIWorkloadConfigIdentifier, "AIWorkloadConfigIdentifier", "the workload config's name or ARN");
        var constraints = request.PerformanceTarget?.Constraints;
        if (context.Required(constraints, "PerformanceTarget.Constraints", "one goal, e.g. [{\"Metric\": \"throughput\"}]"))
        {
            if (constraints.Count != 1)
            {
                context.Add("PerformanceTarget.Constraints", $"has {constraints.Count} goals; give exactly one of {string.Join(", ", Metrics)}");
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                if (context.Required(constraints[i].Metric, $"PerformanceTarget.Constraints[{i}].Metric", string.Join(", ", Metrics)))
                {
                    context.OneOf(constraints[i].Metric, $"PerformanceTarget.Constraints[{i}].Metric", Metrics);
                }
            }
        }

        CheckRole(context, request.RoleArn);
        context.OneOf(request.InferenceSpecification?.Framework, "InferenceSpecification.Framework", ["LMI", "VLLM"]);
        if (request.ComputeSpec is { } compute)
        {
            context.Count(compute.InstanceTypes, "ComputeSpec.InstanceTypes", new(0, 3), "instance types");
            for (var i = 0; i < (compute.InstanceTypes?.Count ?? 0); i++)
            {
                context.OneOf(compute.InstanceTypes![i], $"ComputeSpec.InstanceTypes[{i}]", InstanceTypes);
            }

            context.OneOf(compute.CapacityReservationConfig?.CapacityReservationPreference, "ComputeSpec.CapacityReservationConfig.CapacityReservationPreference", ["capacity-reservations-only"]);
            var reservations = compute.CapacityReservationConfig?.MlReservationArns ?? [];
            for (var i = 0; i < reservations.Count; i++)
            {
                context.Text(reservations[i], $"ComputeSpec.CapacityReservationConfig.MlReservationArns[{i}]", 0, 256, MlReservationArn(), "arn:aws:sagemaker:REGION:ACCOUNT:training-plan/NAME");
            }
        }

        TagRules.Check(context, request.Tags);
        return context.Errors;
    }

    /// <summary>The list filters both job lists share (MaxResults and NextToken are the pager's).</summary>
    public static IReadOnlyList<ValidationError> ValidateList(string? nameContains, string? statusEquals, string? sortBy, string? sortOrder, IReadOnlyList<string> sortKeys)
    {
        var context = new ValidationContext(new JobValidationOptions());
        if (!string.IsNullOrEmpty(nameContains))
        {
            context.Text(nameContains, "NameContains", 0, 63, NameContainsPattern(), "letters, digits and hyphens");
        }

        context.OneOf(statusEquals, "StatusEquals", Statuses);
        context.OneOf(sortBy, "SortBy", sortKeys);
        context.OneOf(sortOrder, "SortOrder", ["Ascending", "Descending"]);
        return context.Errors;
    }

    /// <summary>The name an identifier (a name or a SageMaker ARN) stands for.</summary>
    public static string NameOf(string identifier) => identifier[(identifier.LastIndexOf('/') + 1)..];

    private static void CheckName(ValidationContext context, string? value, string path)
    {
        if (context.Required(value, path, "a name of 1-63 letters, digits and hyphens"))
        {
            context.Text(value, path, 1, 63, SageMakerPatterns.ResourceName63(), "1-63 letters, digits and hyphens, starting and ending with a letter or digit");
        }
    }

    private static void CheckIdentifier(ValidationContext context, string? value, string path, string what)
    {
        if (context.Required(value, path, what))
        {
            context.Text(value, path, 1, 256, Identifier(), $"{what}: a name (letters, digits, hyphens) or arn:aws:sagemaker:REGION:ACCOUNT:TYPE/NAME");
        }
    }

    private static void CheckS3Uri(ValidationContext context, string? value, string path, bool required)
    {
        if (required && !context.Required(value, path, "an s3://bucket/key URI"))
        {
            return;
        }

        context.Text(value, path, 0, 1024, SageMakerPatterns.S3OrHttpsUrl(), "s3://bucket/key or https://...");
    }

    private static void CheckRole(ValidationContext context, string? value)
    {
        if (context.Required(value, "RoleArn", "an IAM role ARN, e.g. arn:aws:iam::123456789012:role/RightSize"))
        {
            context.Text(value, "RoleArn", 20, 2048, SageMakerPatterns.RoleArn(), "arn:aws:iam::ACCOUNT:role/NAME");
        }
    }

    private static IEnumerable<string> Family(string family, params string[] sizes) => sizes.Select(s => $"{family}.{s}");

    [GeneratedRegex(@"^(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*/)?([a-zA-Z0-9]([a-zA-Z0-9\-]){0,62})(?<!-)\z")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^[A-Za-z0-9\.\-_]+\z")]
    private static partial Regex ChannelName();

    [GeneratedRegex(@"^[a-zA-Z0-9\-]+\z")]
    private static partial Regex NameContainsPattern();

    [GeneratedRegex(@"^arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z0-9\-]{1,14}/.*\z")]
    private static partial Regex MlReservationArn();
}

/// <summary>The AI jobs' status values (<c>AIBenchmarkJobStatus</c>, <c>AIRecommendationJobStatus</c>).</summary>
public static class AiJobStatus
{
    public const string InProgress = "InProgress";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";

    public static bool IsTerminal(string status) => status is Completed or Failed or Stopped;
}
