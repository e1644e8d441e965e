using RightSize.Jobs;
using RightSize.Models;
using RightSize.Server.Security;
using RightSize.Server.Storage;

namespace RightSize.Server.Api;

/// <summary>
/// CreateModel, DescribeModel, ListModels, DeleteModel. Models come from the API (stored) and from the workspace file
/// (read-only, created at server start); one name space covers both.
/// </summary>
internal static class ModelOperations
{
    public static async Task<ApiResponse> CreateAsync(ServerState state, CreateModelRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>(ModelValidator.Validate(request));
        errors.AddRange(ApiCommandPolicy.CheckModel(request, state.Options.AllowApiCommands));
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var name = request.ModelName!;
        var arn = state.ModelArn(name);
        var stored = new StoredModel(name, arn, state.Time.GetUtcNow(), SageMakerJson.Serialize(request, SageMakerJsonContext.Default.CreateModelRequest));
        if (FromWorkspace(state, name) is not null || !await state.Store.AddModelAsync(stored, cancellationToken))
        {
            // SageMaker's own code and words: the SageMaker Python SDK matches them to reuse an existing model.
            return ApiResponse.Validation("ModelName", $"Cannot create already existing model \"{arn}\".");
        }

        return ApiResponse.Ok(new CreateModelResponse { ModelArn = arn }, SageMakerJsonContext.Default.CreateModelResponse);
    }

    public static async Task<ApiResponse> DescribeAsync(ServerState state, DescribeModelRequest request, CancellationToken cancellationToken)
    {
        var errors = NameRules.ValidateModelName(request.ModelName);
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var model = await FindAsync(state, request.ModelName!, cancellationToken);
        if (model is null)
        {
            return ApiResponse.Validation("ModelName", $"Could not find model \"{state.ModelArn(request.ModelName!)}\".");
        }

        var (definition, creation) = model.Value;
        return ApiResponse.Ok(new DescribeModelResponse
        {
            ModelName = definition.ModelName!,
            PrimaryContainer = definition.PrimaryContainer,
            ExecutionRoleArn = definition.ExecutionRoleArn,
            VpcConfig = definition.VpcConfig,
            EnableNetworkIsolation = definition.EnableNetworkIsolation,
            CreationTime = creation,
            ModelArn = state.ModelArn(definition.ModelName!),
        }, SageMakerJsonContext.Default.DescribeModelResponse);
    }

    public static async Task<ApiResponse> ListAsync(ServerState state, ListModelsRequest request, CancellationToken cancellationToken)
    {
        var filters = Paging.Filters("Models", request with { NextToken = null, MaxResults = null }, SageMakerJsonContext.Default.ListModelsRequest);
        var errors = new List<ValidationError>(Paging.Check(request.NextToken, request.MaxResults, filters, out var offset, out var size));
        ListFilters.CheckEnum(errors, "SortBy", request.SortBy, "Name", "CreationTime");
        ListFilters.CheckEnum(errors, "SortOrder", request.SortOrder, "Ascending", "Descending");
        errors.AddRange(ListFilterRules.ValidateModelList(request.NameContains));
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        // The workspace's models join the stored ones in the database's query, so the page is cut there.
        var workspace = state.Workspace.Models.Select(m => new ModelListing(m.ModelName!, state.ModelArn(m.ModelName!), state.StartTime)).ToList();
        var query = new ModelQuery
        {
            NameContains = request.NameContains,
            CreatedAfter = request.CreationTimeAfter,
            CreatedBefore = request.CreationTimeBefore,
            OrderByName = request.SortBy == "Name",
            Ascending = request.SortOrder == "Ascending",
            Offset = offset,
            Limit = size + 1, // one more than the page tells whether a next page exists
        };
        var listed = await state.Store.ListModelsAsync(query, workspace, cancellationToken);
        var (page, next) = Paging.PageOf(
            [.. listed.Select(m => new ModelSummary { ModelName = m.ModelName, ModelArn = m.ModelArn, CreationTime = m.CreationTime })], offset, size, filters);
        return ApiResponse.Ok(new ListModelsResponse { Models = page, NextToken = next }, SageMakerJsonContext.Default.ListModelsResponse);
    }

    public static async Task<ApiResponse> DeleteAsync(ServerState state, DeleteModelRequest request, CancellationToken cancellationToken)
    {
        var errors = NameRules.ValidateModelName(request.ModelName);
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        if (FromWorkspace(state, request.ModelName!) is not null)
        {
            return ApiResponse.Validation("ModelName", $"model '{request.ModelName}' is defined in the workspace file; remove it there");
        }

        return await state.Store.DeleteModelAsync(request.ModelName!, cancellationToken)
            ? ApiResponse.EmptyOk
            : ApiResponse.Validation("ModelName", $"Could not find model \"{state.ModelArn(request.ModelName!)}\".");
    }

    /// <summary>The workspace's models and the API's model of that name (a job's model), as a job sees them.</summary>
    public static async Task<List<CreateModelRequest>> ForJobAsync(ServerState state, string? modelName, CancellationToken cancellationToken)
    {
        var stored = modelName is null || FromWorkspace(state, modelName) is not null ? null : await state.Store.GetModelAsync(modelName, cancellationToken);
        return stored is not null && Parse(stored) is { } model ? [.. state.Workspace.Models, model] : [.. state.Workspace.Models];
    }

    private static async Task<(CreateModelRequest Model, DateTimeOffset Creation)?> FindAsync(ServerState state, string name, CancellationToken cancellationToken)
    {
        if (FromWorkspace(state, name) is { } local)
        {
            return (local, state.StartTime);
        }

        var stored = await state.Store.GetModelAsync(name, cancellationToken);
        return stored is not null && Parse(stored) is { } model ? (model, stored.CreationTime) : null;
    }

    public static CreateModelRequest? FromWorkspace(ServerState state, string name) =>
        state.Workspace.Models.FirstOrDefault(m => m.ModelName == name);

    private static CreateModelRequest? Parse(StoredModel stored) =>
        SageMakerJson.Parse(stored.RequestJson, SageMakerJsonContext.Default.CreateModelRequest).Value;
}
