using RightSize.Jobs;
using RightSize.Registry;
using RightSize.Server.Storage;

namespace RightSize.Server.Api.Registry;

/// <summary>Create, Describe, List and Delete ModelPackageGroup: the registry's named groups of package versions.</summary>
internal static class ModelPackageGroupOperations
{
    private const string Completed = "Completed";

    public static async Task<ApiResponse> CreateAsync(ServerState state, CreateModelPackageGroupRequest request, CancellationToken cancellationToken)
    {
        var errors = RegistryValidator.Validate(request);
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var name = request.ModelPackageGroupName!;
        var arn = GroupArn(state, name);
        var stored = new StoredModelPackageGroup(name, arn, state.Time.GetUtcNow(), SageMakerJson.Serialize(request, RegistryJsonContext.Default.CreateModelPackageGroupRequest));
        return await state.Store.AddModelPackageGroupAsync(stored, cancellationToken)
            ? ApiResponse.Ok(new CreateModelPackageGroupResponse { ModelPackageGroupArn = arn }, RegistryJsonContext.Default.CreateModelPackageGroupResponse)
            : ApiResponse.Validation("ModelPackageGroupName", $"Model Package Group already exists: {arn}");
    }

    public static async Task<ApiResponse> DescribeAsync(ServerState state, ModelPackageGroupNameRequest request, CancellationToken cancellationToken)
    {
        var errors = RegistryValidator.GroupName(request.ModelPackageGroupName);
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var name = ModelPackageNames.Group(request.ModelPackageGroupName!);
        if (await state.Store.GetModelPackageGroupAsync(name, cancellationToken) is not { } stored)
        {
            return NotFound(state, name);
        }

        var created = SageMakerJson.Parse(stored.RequestJson, RegistryJsonContext.Default.CreateModelPackageGroupRequest).Value;
        return ApiResponse.Ok(new DescribeModelPackageGroupResponse
        {
            ModelPackageGroupName = stored.Name,
            ModelPackageGroupArn = stored.Arn,
            ModelPackageGroupDescription = created?.ModelPackageGroupDescription,
            CreationTime = stored.CreationTime,
            CreatedBy = new UserContext(),
            ModelPackageGroupStatus = Completed,
        }, RegistryJsonContext.Default.DescribeModelPackageGroupResponse);
    }

    public static async Task<ApiResponse> ListAsync(ServerState state, ListModelPackageGroupsRequest request, CancellationToken cancellationToken)
    {
        var filters = Paging.Filters("ModelPackageGroups", request with { NextToken = null, MaxResults = null }, RegistryJsonContext.Default.ListModelPackageGroupsRequest);
        var errors = new List<ValidationError>(Paging.Check(request.NextToken, request.MaxResults, filters, out var offset, out var size));
        RegistryValidator.CheckListFilters(errors, request.NameContains, request.SortBy, request.SortOrder);
        errors.AddRange(RegistryValidator.Validate(request));
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        // Every group here belongs to this server's one account: a cross-account list is empty.
        var listed = request.CrossAccountFilterOption == "CrossAccount" ? [] : await state.Store.ListModelPackageGroupsAsync(new RegistryQuery
        {
            NameContains = request.NameContains,
            CreatedAfter = request.CreationTimeAfter,
            CreatedBefore = request.CreationTimeBefore,
            OrderByName = request.SortBy == "Name",
            Ascending = request.SortOrder == "Ascending",
            Offset = offset,
            Limit = size + 1,
        }, cancellationToken);
        var (page, next) = Paging.PageOf([.. listed.Select(g => new ModelPackageGroupSummary
        {
            ModelPackageGroupName = g.Name,
            ModelPackageGroupArn = g.Arn,
            ModelPackageGroupDescription = SageMakerJson.Parse(g.RequestJson, RegistryJsonContext.Default.CreateModelPackageGroupRequest).Value?.ModelPackageGroupDescription,
            CreationTime = g.CreationTime,
            ModelPackageGroupStatus = Completed,
        })], offset, size, filters);
        return ApiResponse.Ok(new ListModelPackageGroupsResponse { ModelPackageGroupSummaryList = page, NextToken = next },
            RegistryJsonContext.Default.ListModelPackageGroupsResponse);
    }

    public static async Task<ApiResponse> DeleteAsync(ServerState state, ModelPackageGroupNameRequest request, CancellationToken cancellationToken)
    {
        var errors = RegistryValidator.GroupName(request.ModelPackageGroupName);
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var name = ModelPackageNames.Group(request.ModelPackageGroupName!);
        return await state.Store.DeleteModelPackageGroupAsync(name, cancellationToken) switch
        {
            GroupDeletion.Deleted => ApiResponse.EmptyOk,
            GroupDeletion.HasVersions => ApiResponse.Error(ErrorCodes.Conflict,
                $"Model Package Group {GroupArn(state, name)} still holds model package versions: delete them first (DeleteModelPackage)"),
            _ => NotFound(state, name),
        };
    }

    public static string GroupArn(ServerState state, string name) => ModelPackageNames.GroupArn(state.Options.Region, state.Options.AccountId, name);

    public static ApiResponse NotFound(ServerState state, string name) =>
        ApiResponse.Validation("ModelPackageGroupName", $"Model Package Group {GroupArn(state, name)} does not exist");
}
