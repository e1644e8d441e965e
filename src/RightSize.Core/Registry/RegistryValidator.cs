using System.Text.RegularExpressions;
using RightSize.Jobs;
using RightSize.Models;

namespace RightSize.Registry;

/// <summary>
/// The model registry's request constraints from botocore's model (lengths, patterns, enums, list and map sizes), every
/// error at once with its path. A package's container is also checked as CreateModel checks a PrimaryContainer.
/// </summary>
public static partial class RegistryValidator
{
    public static readonly IReadOnlyList<string> ApprovalStatuses = ["Approved", "Rejected", "PendingManualApproval"];

    private static readonly string[] SortBys = ["Name", "CreationTime"];
    private static readonly string[] SortOrders = ["Ascending", "Descending"];
    private static readonly string[] RegistrationTypes = ["Logged", "Registered"];

    public static IReadOnlyList<ValidationError> Validate(CreateModelPackageGroupRequest request) => Run(context =>
    {
        CheckEntityName(context, request.ModelPackageGroupName, "ModelPackageGroupName");
        CheckDescription(context, request.ModelPackageGroupDescription, "ModelPackageGroupDescription");
        TagRules.Check(context, request.Tags);
    });

    /// <summary>A group's name or ARN (Describe, Delete, a package's group).</summary>
    public static IReadOnlyList<ValidationError> GroupName(string? value, string path = "ModelPackageGroupName") =>
        Run(context => CheckGroupName(context, value, path, required: true));

    /// <summary>A package version's <c>group/version</c> or ARN (Describe, Delete).</summary>
    public static IReadOnlyList<ValidationError> PackageName(string? value) => Run(context =>
    {
        if (context.Required(value, "ModelPackageName", "the package version's ARN (or group/version)"))
        {
            context.Text(value, "ModelPackageName", 1, 176, VersionedArnOrName(), "arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>, or <group>/<version>");
            if (context.Errors.Count == 0 && !ModelPackageNames.TryParseVersion(value, out _, out _))
            {
                context.Add("ModelPackageName", $"'{value}' names no version: this server registers versioned packages only; give <group>/<version> or its ARN");
            }
        }
    });

    public static IReadOnlyList<ValidationError> Validate(CreateModelPackageRequest request) => Run(context =>
    {
        if (request.ModelPackageName is not null)
        {
            context.Add("ModelPackageName", "this server registers versioned packages only: leave ModelPackageName out and give ModelPackageGroupName");
        }

        CheckGroupName(context, request.ModelPackageGroupName, "ModelPackageGroupName", required: true);
        CheckDescription(context, request.ModelPackageDescription, "ModelPackageDescription");
        context.OneOf(request.ModelPackageRegistrationType, "ModelPackageRegistrationType", RegistrationTypes);
        context.OneOf(request.ModelApprovalStatus, "ModelApprovalStatus", ApprovalStatuses);
        context.OneOf(request.SkipModelValidation, "SkipModelValidation", ["All", "None"]);
        context.Text(request.ClientToken, "ClientToken", 1, 36, ClientToken(), "letters, digits and hyphens");
        context.Text(request.SamplePayloadUrl, "SamplePayloadUrl", 0, 1024, SageMakerPatterns.S3OrHttpsUrl(), "s3://bucket/key (under the workspace's ObjectRoot)");
        context.Length(request.SourceUri, "SourceUri", 0, 1024);
        CheckMetadata(context, request.CustomerMetadataProperties, "CustomerMetadataProperties");
        TagRules.Check(context, request.Tags);
        if (context.Required(request.InferenceSpecification, "InferenceSpecification", "the container that serves the model: {\"Containers\": [{\"Image\": \"builtin:xgboost\", \"ModelDataUrl\": \"s3://...\"}]}"))
        {
            CheckInference(context, request.InferenceSpecification);
        }
    });

    public static IReadOnlyList<ValidationError> Validate(UpdateModelPackageRequest request) => Run(context =>
    {
        if (context.Required(request.ModelPackageArn, "ModelPackageArn", "the package version's ARN"))
        {
            context.Text(request.ModelPackageArn, "ModelPackageArn", 1, 2048, SageMakerPatterns.ModelPackageVersionArn(), "arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>");
        }

        context.OneOf(request.ModelApprovalStatus, "ModelApprovalStatus", ApprovalStatuses);
        context.Length(request.ApprovalDescription, "ApprovalDescription", 0, 1024);
        context.Text(request.ClientToken, "ClientToken", 1, 36, ClientToken(), "letters, digits and hyphens");
        CheckMetadata(context, request.CustomerMetadataProperties, "CustomerMetadataProperties");
        for (var i = 0; i < (request.CustomerMetadataPropertiesToRemove?.Count ?? 0); i++)
        {
            context.Text(request.CustomerMetadataPropertiesToRemove![i], $"CustomerMetadataPropertiesToRemove[{i}]", 1, 128, MetadataText(), "a metadata key");
        }
    });

    /// <summary>The list filters both List operations share (paging is checked by the caller).</summary>
    public static void CheckListFilters(List<ValidationError> errors, string? nameContains, string? sortBy, string? sortOrder)
    {
        errors.AddRange(Run(context =>
        {
            context.Text(nameContains, "NameContains", 0, 63, NameContains(), "letters, digits and hyphens");
            context.OneOf(sortBy, "SortBy", SortBys);
            context.OneOf(sortOrder, "SortOrder", SortOrders);
        }));
    }

    public static IReadOnlyList<ValidationError> Validate(ListModelPackagesRequest request) => Run(context =>
    {
        context.OneOf(request.ModelApprovalStatus, "ModelApprovalStatus", ApprovalStatuses);
        context.OneOf(request.ModelPackageType, "ModelPackageType", ["Versioned", "Unversioned", "Both"]);
        CheckGroupName(context, request.ModelPackageGroupName, "ModelPackageGroupName", required: false);
    });

    public static IReadOnlyList<ValidationError> Validate(ListModelPackageGroupsRequest request) => Run(context =>
        context.OneOf(request.CrossAccountFilterOption, "CrossAccountFilterOption", ["SameAccount", "CrossAccount"]));

    private static void CheckInference(ValidationContext context, InferenceSpecification spec)
    {
        const string path = "InferenceSpecification";
        if (context.Required(spec.Containers, $"{path}.Containers", "one container (Image, ModelDataUrl, Environment)"))
        {
            context.Count(spec.Containers, $"{path}.Containers", new(1, 15), "containers");
            for (var i = 0; i < spec.Containers.Count; i++)
            {
                CheckContainer(context, spec.Containers[i], $"{path}.Containers[{i}]");
            }
        }

        for (var i = 0; i < (spec.SupportedContentTypes?.Count ?? 0); i++)
        {
            context.Length(spec.SupportedContentTypes![i], $"{path}.SupportedContentTypes[{i}]", 0, 256);
        }

        for (var i = 0; i < (spec.SupportedResponseMIMETypes?.Count ?? 0); i++)
        {
            context.Text(spec.SupportedResponseMIMETypes![i], $"{path}.SupportedResponseMIMETypes[{i}]", 0, 1024, SageMakerPatterns.MimeType(), "a MIME type such as text/csv");
        }

        context.Count(spec.SupportedTransformInstanceTypes, $"{path}.SupportedTransformInstanceTypes", new(1, int.MaxValue), "instance types");
    }

    private static void CheckContainer(ValidationContext context, ModelPackageContainerDefinition container, string path)
    {
        ModelValidator.CheckContainer(context, RegisteredPackage.ToContainer(container, null), path);
        context.Text(container.ModelDataUrl, $"{path}.ModelDataUrl", 0, 1024, SageMakerPatterns.S3OrHttpsUrl(), "s3://bucket/key (under the workspace's ObjectRoot)");
        context.Text(container.ContainerHostname, $"{path}.ContainerHostname", 0, 63, SageMakerPatterns.ResourceName63(), "letters and digits, with hyphens between them");
        context.Text(container.FrameworkVersion, $"{path}.FrameworkVersion", 3, 10, SageMakerPatterns.FrameworkVersion(), "a version such as 1.7 or 2.1.0");
        context.Length(container.ImageDigest, $"{path}.ImageDigest", 0, 72);
        context.Length(container.ProductId, $"{path}.ProductId", 0, 256);
    }

    private static void CheckEntityName(ValidationContext context, string? value, string path)
    {
        if (context.Required(value, path, "a name (letters, digits and hyphens, up to 63)"))
        {
            context.Text(value, path, 1, 63, SageMakerPatterns.ResourceName63(), "letters and digits, with hyphens between them, up to 63 characters");
        }
    }

    private static void CheckGroupName(ValidationContext context, string? value, string path, bool required)
    {
        if (!required && value is null)
        {
            return;
        }

        if (context.Required(value, path, "the model package group's name or ARN"))
        {
            context.Text(value, path, 1, 170, ArnOrName(), "a group name (letters, digits and hyphens, up to 63) or arn:aws:sagemaker:<region>:<account>:model-package-group/<name>");
        }
    }

    private static void CheckDescription(ValidationContext context, string? value, string path) =>
        context.Text(value, path, 0, 1024, Description(), "letters, marks, separators, symbols, numbers and punctuation");

    private static void CheckMetadata(ValidationContext context, Dictionary<string, string>? metadata, string path)
    {
        if (metadata is null)
        {
            return;
        }

        context.Count(metadata, path, new(1, 50), "entries");
        foreach (var (key, value) in metadata)
        {
            context.Text(key, $"{path}[\"{key}\"]", 1, 128, MetadataText(), "letters, digits, spaces and _.:/=+-@");
            context.Text(value, $"{path}[\"{key}\"]", 0, 256, MetadataText(), "letters, digits, spaces and _.:/=+-@");
        }
    }

    private static IReadOnlyList<ValidationError> Run(Action<ValidationContext> check)
    {
        var context = new ValidationContext(new JobValidationOptions());
        check(context);
        return context.Errors;
    }

    [GeneratedRegex(@"^(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)\z")]
    private static partial Regex ArnOrName();

    [GeneratedRegex(@"^(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\/[0-9]{1,9})?\z")]
    private static partial Regex VersionedArnOrName();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*\z")]
    private static partial Regex Description();

    [GeneratedRegex(@"^[a-zA-Z0-9\-]+\z")]
    private static partial Regex NameContains();

    [GeneratedRegex(@"^[a-zA-Z0-9-]+\z")]
    private static partial Regex ClientToken();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*\z")]
    private static partial Regex MetadataText();
}
