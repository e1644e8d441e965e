using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using RightSize.Jobs;
using RightSize.Server.Api;
using RightSize.Server.Security;
using RightSize.Server.Storage;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace RightSize.Server.ReadApi;

/// <summary>
/// The read API for the dashboard (and find-peak --job), answering with its own views of the store's rows: <c>GET /api/jobs</c>, <c>/api/jobs/{name}</c> (the Describe response),
/// <c>/api/jobs/{name}/tests</c> and <c>/api/jobs/{name}/tests/{index}/windows</c> (the per-window time series).
/// </summary>
internal static class ReadRoutes
{
    /// <param name="verifier">When keys are configured, reads must be SigV4-signed too (the dashboard's own port uses a browser session instead).</param>
    public static void Map(IEndpointRouteBuilder app, SigV4Verifier? verifier)
    {
        var routes = app.MapGroup(string.Empty);
        if (verifier is not null)
        {
            routes.AddEndpointFilter(async (context, next) => verifier.Verify(context.HttpContext.Request, []) is { } failure
                ? HttpResults.Json(new AwsErrorResponse { Type = failure.Code, Message = failure.Message },
                    SageMakerJsonContext.Default.AwsErrorResponse, statusCode: StatusCodes.Status403Forbidden)
                : await next(context));
        }

        MapReads(routes);
    }

    /// <summary>The reads on a group whose caller has checked who asks (SigV4 on the API port, the session on the dashboard's).</summary>
    public static void MapReads(RouteGroupBuilder routes)
    {
        // The fleet's live agents (serve --nats); an empty list without a fleet.
        routes.MapGet("/api/agents", async ([FromServices] ServerState state, CancellationToken ct) =>
            HttpResults.Json(state.Options.Agents is { } agents ? [.. (await agents.ListAsync(ct)).Select(AgentView.Of)] : new List<AgentView>(),
                ReadApiJsonContext.Default.ListAgentView));
        // ?status=&name=&offset=&limit= (1-1000, default 100), newest first; X-Total-Count says how many match in all.
        routes.MapGet("/api/jobs", async (HttpContext context, string? status, string? name, string? offset, string? limit, [FromServices] ServerState state, CancellationToken ct) =>
        {
            var query = JobList.Parse(status, name, offset, limit);
            if (!query.Succeeded)
            {
                return BadRequest(query.Errors);
            }

            var (jobs, total) = await JobList.PageAsync(state, query.Value, ct);
            context.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
            return HttpResults.Json(jobs, ReadApiJsonContext.Default.ListJobView);
        });
        routes.MapGet("/api/jobs/{name}", async (string name, [FromServices] ServerState state, CancellationToken ct) =>
            await JobReads.DescribeAsync(state, name, ct) is { } describe
                ? HttpResults.Json(describe, SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse)
                : NotFound(name));
        routes.MapGet("/api/jobs/{name}/tests", async (string name, [FromServices] ServerState state, CancellationToken ct) =>
            await JobReads.TestsAsync(state, name, ct) is { } tests
                ? HttpResults.Json([.. tests.Select(TestView.Of)], ReadApiJsonContext.Default.ListTestView)
                : NotFound(name));
        // ?after=S: only windows ending after second S, so a live chart fetches what it lacks.
        routes.MapGet("/api/jobs/{name}/tests/{index}/windows", async (string name, string index, string? after, [FromServices] ServerState state, CancellationToken ct) =>
        {
            var afterSecond = -1;
            if (!string.IsNullOrEmpty(after) && !int.TryParse(after, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out afterSecond))
            {
                return BadRequest([new ValidationError("after", $"'{ListFilters.Shorten(after)}' is not a whole number of seconds")]);
            }

            return int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && await JobReads.WindowsAsync(state, name, i, afterSecond, ct) is { } windows
                ? HttpResults.Json([.. windows.Select(WindowView.Of)], ReadApiJsonContext.Default.ListWindowView)
                : NotFound($"{name} test {index}");
        });
    }

    private static IResult BadRequest(IReadOnlyList<ValidationError> errors) =>
        HttpResults.Content(ApiResponse.Validation(errors).Json, "application/json", statusCode: StatusCodes.Status400BadRequest);

    private static IResult NotFound(string what) =>
        HttpResults.Json(new AwsErrorResponse { Type = ErrorCodes.ResourceNotFound, Message = $"no job or test '{ListFilters.Shorten(what)}'" },
            SageMakerJsonContext.Default.AwsErrorResponse, statusCode: StatusCodes.Status404NotFound);
}
