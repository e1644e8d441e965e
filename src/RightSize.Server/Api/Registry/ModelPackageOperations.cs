using RightSize.Jobs;
using RightSize.Models;
using RightSize.Registry;
using RightSize.Server.Security;
using RightSize.Server.Storage;

namespace RightSize.Server.Api.Registry;

/// <summary>
/// Create, Describe, List, Update and Delete ModelPackage: versions in a group, numbered 1, 2, … as SageMaker numbers
/// them. A package's container follows CreateModel's rule: an API caller may register only builtin images.
/// </summary>
internal static class ModelPackageOperations
{
    private const string Completed = "Completed";
    private const string DefaultApproval = "PendingManualApproval";

    public static async Task<ApiResponse> CreateAsync(ServerState state, CreateModelPackageRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>(RegistryValidator.Validate(request));
        var containers = request.InferenceSpecification?.Containers ?? [];
        for (var i = 0; i < containers.Count; i++)
        {
            var model = new CreateModelRequest { PrimaryContainer = RegisteredPackage.ToContainer(containers[i], null) };
            errors.AddRange(ApiCommandPolicy.CheckModel(model, state.Options.AllowApiCommands, $"InferenceSpecification.Containers[{i}]"));
        }

        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var group = ModelPackageNames.Group(request.ModelPackageGroupName!);
        var approval = request.ModelApprovalStatus ?? DefaultApproval;
        var json = SageMakerJson.Serialize(request with { ModelApprovalStatus = approval, ModelPackageGroupName = group }, RegistryJsonContext.Default.CreateModelPackageRequest);
        var now = state.Time.GetUtcNow();
        var stored = await state.Store.AddModelPackageAsync(group, request.ClientToken,
            version => new StoredModelPackage(group, version, PackageArn(state, group, version), approval, null, null, now, now, json), cancellationToken);
        return stored is null
            ? ModelPackageGroupOperations.NotFound(state, group)
            : ApiResponse.Ok(new CreateModelPackageResponse { ModelPackageArn = stored.Arn }, RegistryJsonContext.Default.CreateModelPackageResponse);
    }

    public static async Task<ApiResponse> DescribeAsync(ServerState state, ModelPackageNameRequest request, CancellationToken cancellationToken)
    {
        var found = await FindAsync(state, RegistryValidator.PackageName(request.ModelPackageName), request.ModelPackageName, "ModelPackageName", cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var (stored, created) = (found.Package!, found.Request!);
        return ApiResponse.Ok(new DescribeModelPackageResponse
        {
            ModelPackageName = stored.Group,
            ModelPackageGroupName = stored.Group,
            ModelPackageVersion = stored.Version,
            ModelPackageRegistrationType = created.ModelPackageRegistrationType,
            ModelPackageArn = stored.Arn,
            ModelPackageDescription = created.ModelPackageDescription,
            CreationTime = stored.CreationTime,
            InferenceSpecification = created.InferenceSpecification,
            ModelPackageStatus = Completed,
            ModelPackageStatusDetails = new ModelPackageStatusDetails { ValidationStatuses = [] },
            CertifyForMarketplace = created.CertifyForMarketplace,
            ModelApprovalStatus = stored.ApprovalStatus,
            CreatedBy = new UserContext(),
            LastModifiedTime = stored.LastModifiedTime,
            ApprovalDescription = stored.ApprovalDescription,
            Domain = created.Domain,
            Task = created.Task,
            SamplePayloadUrl = created.SamplePayloadUrl,
            CustomerMetadataProperties = created.CustomerMetadataProperties,
            SkipModelValidation = created.SkipModelValidation,
            SourceUri = created.SourceUri,
        }, RegistryJsonContext.Default.DescribeModelPackageResponse);
    }

    public static async Task<ApiResponse> ListAsync(ServerState state, ListModelPackagesRequest request, CancellationToken cancellationToken)
    {
        var filters = Paging.Filters("ModelPackages", request with { NextToken = null, MaxResults = null }, RegistryJsonContext.Default.ListModelPackagesRequest);
        var errors = new List<ValidationError>(Paging.Check(request.NextToken, request.MaxResults, filters, out var offset, out var size));
        RegistryValidator.CheckListFilters(errors, request.NameContains, request.SortBy, request.SortOrder);
        errors.AddRange(RegistryValidator.Validate(request));
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        // Without a group SageMaker lists unversioned packages by default, and this server registers versioned ones only.
        var group = request.ModelPackageGroupName is { } g ? ModelPackageNames.Group(g) : null;
        var listed = group is null && (request.ModelPackageType ?? "Unversioned") == "Unversioned" ? [] : await state.Store.ListModelPackagesAsync(new RegistryQuery
        {
            Group = group,
            NameContains = request.NameContains,
            ApprovalStatus = request.ModelApprovalStatus,
            CreatedAfter = request.CreationTimeAfter,
            CreatedBefore = request.CreationTimeBefore,
            OrderByName = request.SortBy == "Name",
            Ascending = request.SortOrder == "Ascending",
            Offset = offset,
            Limit = size + 1,
        }, cancellationToken);
        var (page, next) = Paging.PageOf([.. listed.Select(p => new ModelPackageSummary
        {
            ModelPackageName = p.Group,
            ModelPackageGroupName = p.Group,
            ModelPackageVersion = p.Version,
            ModelPackageArn = p.Arn,
            ModelPackageDescription = Parse(p)?.ModelPackageDescription,
            CreationTime = p.CreationTime,
            ModelPackageStatus = Completed,
            ModelApprovalStatus = p.ApprovalStatus,
        })], offset, size, filters);
        return ApiResponse.Ok(new ListModelPackagesResponse { ModelPackageSummaryList = page, NextToken = next }, RegistryJsonContext.Default.ListModelPackagesResponse);
    }

    public static async Task<ApiResponse> UpdateAsync(ServerState state, UpdateModelPackageRequest request, CancellationToken cancellationToken)
    {
        var found = await FindAsync(state, RegistryValidator.Validate(request), request.ModelPackageArn, "ModelPackageArn", cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var (stored, created) = (found.Package!, found.Request!);
        var metadata = new Dictionary<string, string>(created.CustomerMetadataProperties ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in request.CustomerMetadataProperties ?? [])
        {
            metadata[key] = value;
        }

        foreach (var key in request.CustomerMetadataPropertiesToRemove ?? [])
        {
            metadata.Remove(key);
        }

        var approval = request.ModelApprovalStatus ?? stored.ApprovalStatus;
        var updated = created with { ModelApprovalStatus = approval, CustomerMetadataProperties = metadata.Count > 0 ? metadata : null };
        await state.Store.UpdateModelPackageAsync(stored with
        {
            ApprovalStatus = approval,
            ApprovalDescription = request.ApprovalDescription ?? stored.ApprovalDescription,
            LastModifiedTime = state.Time.GetUtcNow(),
            RequestJson = SageMakerJson.Serialize(updated, RegistryJsonContext.Default.CreateModelPackageRequest),
        }, cancellationToken);
        return ApiResponse.Ok(new UpdateModelPackageResponse { ModelPackageArn = stored.Arn }, RegistryJsonContext.Default.UpdateModelPackageResponse);
    }

    public static async Task<ApiResponse> DeleteAsync(ServerState state, ModelPackageNameRequest request, CancellationToken cancellationToken)
    {
        var found = await FindAsync(state, RegistryValidator.PackageName(request.ModelPackageName), request.ModelPackageName, "ModelPackageName", cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var stored = found.Package!;
        var users = (await state.Store.ListJobsAsync(new JobQuery { ModelPackageVersionArn = stored.Arn }, cancellationToken))
            .Where(j => j.Status is RecommendationStatus.Pending or RecommendationStatus.InProgress or RecommendationStatus.Stopping)
            .Select(j => j.JobName).ToList();
        if (users.Count > 0)
        {
            return ApiResponse.Error(ErrorCodes.Conflict,
                $"Model package {stored.Arn} is used by unfinished jobs ({string.Join(", ", users.Take(5))}); stop them or wait until they end");
        }

        return await state.Store.DeleteModelPackageAsync(stored.Group, stored.Version, cancellationToken) ? ApiResponse.EmptyOk : NotFound(stored.Arn, "ModelPackageName");
    }

    private static async Task<(ApiResponse? Error, StoredModelPackage? Package, CreateModelPackageRequest? Request)> FindAsync(
        ServerState state, IReadOnlyList<ValidationError> errors, string? name, string path, CancellationToken cancellationToken)
    {
        if (errors.Count > 0)
        {
            return (ApiResponse.Validation(errors), null, null);
        }

        if (!ModelPackageNames.TryParseVersion(name, out var group, out var version))
        {
            return (ApiResponse.Validation(path, $"'{name}' names no version: give arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>"), null, null);
        }

        var stored = await state.Store.GetModelPackageAsync(group, version, cancellationToken);
        return stored is not null && Parse(stored) is { } request
            ? (null, stored, request)
            : (NotFound(PackageArn(state, group, version), path), null, null);
    }

    public static CreateModelPackageRequest? Parse(StoredModelPackage stored) =>
        SageMakerJson.Parse(stored.RequestJson, RegistryJsonContext.Default.CreateModelPackageRequest).Value;

    private static string PackageArn(ServerState state, string group, int version) =>
        ModelPackageNames.PackageArn(state.Options.Region, state.Options.AccountId, group, version);

    private static ApiResponse NotFound(string arn, string path) => ApiResponse.Validation(path, $"Model package {arn} does not exist");
}
