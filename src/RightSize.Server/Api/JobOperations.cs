using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Server.Storage;

namespace RightSize.Server.Api;

/// <summary>Describe, steps and stop of one job, and the job list with SageMaker's filters, sorting and pagination.</summary>
internal static class JobOperations
{
    private static readonly string[] Statuses = [.. RecommendationStatuses.All, "DELETING", "DELETED"];

    public static async Task<ApiResponse> DescribeAsync(ServerState state, DescribeInferenceRecommendationsJobRequest request, CancellationToken cancellationToken)
    {
        var errors = NameRules.ValidateJobName(request.JobName);
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        var describe = await JobReads.DescribeAsync(state, request.JobName!, cancellationToken);
        return describe is null
            ? NotFound(request.JobName!)
            : ApiResponse.Ok(describe, SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse);
    }

    public static async Task<ApiResponse> StepsAsync(ServerState state, ListInferenceRecommendationsJobStepsRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>(NameRules.ValidateJobName(request.JobName));
        var filters = Paging.Filters("Steps", request with { NextToken = null, MaxResults = null },
            SageMakerJsonContext.Default.ListInferenceRecommendationsJobStepsRequest);
        errors.AddRange(Paging.Check(request.NextToken, request.MaxResults, filters, out var offset, out var size));
        ListFilters.CheckEnum(errors, "Status", request.Status, Statuses);
        ListFilters.CheckEnum(errors, "StepType", request.StepType, "BENCHMARK");
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        // SageMaker's DELETING and DELETED pass the check but no test here ever has them.
        RecommendationStatus? status = RecommendationStatuses.TryParse(request.Status, out var parsed) ? parsed : null;
        var query = new TestQuery(request.JobName!) { Status = status, Offset = offset, Limit = size + 1 };
        var steps = request.Status is not null && status is null
            ? await JobReads.StepsAsync(state, query with { Limit = 0 }, cancellationToken)
            : await JobReads.StepsAsync(state, query, cancellationToken);
        if (steps is null)
        {
            return NotFound(request.JobName!);
        }

        var (page, next) = Paging.PageOf(steps, offset, size, filters);
        return ApiResponse.Ok(new ListInferenceRecommendationsJobStepsResponse { Steps = page, NextToken = next },
            SageMakerJsonContext.Default.ListInferenceRecommendationsJobStepsResponse);
    }

    public static async Task<ApiResponse> StopAsync(ServerState state, StopInferenceRecommendationsJobRequest request, CancellationToken cancellationToken)
    {
        var errors = NameRules.ValidateJobName(request.JobName);
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        if (state.Host.Stop(request.JobName!))
        {
            return ApiResponse.EmptyOk;
        }

        var stored = await state.Store.GetJobAsync(request.JobName!, cancellationToken);
        return stored switch
        {
            null => NotFound(request.JobName!),
            { Status: RecommendationStatus.Stopped or RecommendationStatus.Stopping } => ApiResponse.EmptyOk,
            _ => ApiResponse.Validation("JobName", $"the job is {stored.Status.Name()}; only PENDING and IN_PROGRESS jobs can be stopped"),
        };
    }

    public static async Task<ApiResponse> ListAsync(ServerState state, ListInferenceRecommendationsJobsRequest request, CancellationToken cancellationToken)
    {
        var filters = Paging.Filters("Jobs", request with { NextToken = null, MaxResults = null },
            SageMakerJsonContext.Default.ListInferenceRecommendationsJobsRequest);
        var errors = new List<ValidationError>(Paging.Check(request.NextToken, request.MaxResults, filters, out var offset, out var size));
        ListFilters.CheckEnum(errors, "StatusEquals", request.StatusEquals, Statuses);
        errors.AddRange(ListFilterRules.ValidateJobList(request));
        ListFilters.CheckEnum(errors, "SortBy", request.SortBy, "Name", "CreationTime", "Status");
        ListFilters.CheckEnum(errors, "SortOrder", request.SortOrder, "Ascending", "Descending");
        if (errors.Count > 0)
        {
            return ApiResponse.Validation(errors);
        }

        // SageMaker's DELETING and DELETED pass the check but no job here ever has them.
        if (request.StatusEquals is { } wanted && !RecommendationStatuses.TryParse(wanted, out _))
        {
            return ApiResponse.Ok(new ListInferenceRecommendationsJobsResponse { InferenceRecommendationsJobs = [] },
                SageMakerJsonContext.Default.ListInferenceRecommendationsJobsResponse);
        }

        var query = new JobQuery
        {
            NameContains = request.NameContains,
            Status = RecommendationStatuses.TryParse(request.StatusEquals, out var status) ? status : null,
            ModelName = request.ModelNameEquals,
            ModelPackageVersionArn = request.ModelPackageVersionArnEquals,
            CreatedAfter = request.CreationTimeAfter,
            CreatedBefore = request.CreationTimeBefore,
            ModifiedAfter = request.LastModifiedTimeAfter,
            ModifiedBefore = request.LastModifiedTimeBefore,
            OrderBy = request.SortBy switch { "Name" => JobOrder.Name, "Status" => JobOrder.Status, _ => JobOrder.CreationTime },
            Ascending = request.SortOrder == "Ascending",
            Offset = offset,
            Limit = size + 1, // one more than the page tells whether a next page exists
        };
        var (page, next) = Paging.PageOf(await JobReads.ListAsync(state, query, cancellationToken), offset, size, filters);
        return ApiResponse.Ok(new ListInferenceRecommendationsJobsResponse { InferenceRecommendationsJobs = [.. page.Select(Summary)], NextToken = next },
            SageMakerJsonContext.Default.ListInferenceRecommendationsJobsResponse);
    }

    public static ApiResponse NotFound(string jobName) =>
        ApiResponse.NotFound($"Inference recommendations job '{jobName}' does not exist.");

    private static InferenceRecommendationsJob Summary(Storage.StoredJob j) => new()
    {
        JobName = j.JobName,
        JobDescription = j.JobDescription,
        JobType = j.JobType,
        JobArn = j.JobArn,
        Status = j.Status,
        CreationTime = j.CreationTime,
        CompletionTime = j.CompletionTime,
        RoleArn = j.RoleArn,
        LastModifiedTime = j.LastModifiedTime,
        FailureReason = j.FailureReason,
        ModelName = j.ModelName,
        SamplePayloadUrl = j.SamplePayloadUrl,
        ModelPackageVersionArn = j.ModelPackageVersionArn,
    };
}
