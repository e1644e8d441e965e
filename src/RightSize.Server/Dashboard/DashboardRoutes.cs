using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RightSize.Catalog;
using RightSize.Jobs;
using RightSize.Server.Api;
using RightSize.Server.ReadApi;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace RightSize.Server.Dashboard;

/// <summary>
/// The dashboard port's routes: the page and its assets and the session (open to all: they hold no data), then, behind
/// the session (and the CSRF token on writes), the read API, the ranking, the catalog, and create and stop through the
/// SageMaker operations themselves, so the page gets the API's own validation.
/// </summary>
internal static class DashboardRoutes
{
    /// <summary>Scripts and styles from this origin only; no inline script, no framing, no referrer.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static void Map(WebApplication app, ServerState state, DashboardSessions sessions, Func<ApiTarget> api)
    {
        var assets = new DashboardAssets();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        app.MapGet("/", context => assets.ServeAsync(context, DashboardAssets.Page));
        app.MapGet("/assets/{**name}", (HttpContext context, string name) => assets.ServeAsync(context, name));

        app.MapGet("/api/session", (HttpContext context) => Json(SessionOf(sessions, sessions.Current(context), api())));
        app.MapPost("/api/session", async (HttpContext context, CancellationToken ct) =>
        {
            var body = await ReadSignInAsync(context, ct);
            return sessions.SignIn(context, body?.AccessKeyId, body?.SecretAccessKey) is { } session
                ? Json(SessionOf(sessions, session, api()))
                : Error("UnrecognizedClientException", "the access key id or its secret is wrong", StatusCodes.Status403Forbidden);
        }).RequireRateLimiting(SignInLimit.Policy);

        var routes = app.MapGroup(string.Empty);
        routes.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (sessions.Current(http) is not { } session)
            {
                return Error("NotSignedIn", "sign in with an access key id and its secret", StatusCodes.Status401Unauthorized);
            }

            return HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || DashboardSessions.CsrfMatches(http, session)
                ? await next(context)
                : Error("InvalidCsrfToken", $"a write needs the session's {DashboardSessions.CsrfHeader} header", StatusCodes.Status403Forbidden);
        });
        routes.MapDelete("/api/session", (HttpContext context) =>
        {
            sessions.SignOut(context);
            return Json(SessionOf(sessions, null, api()));
        });
        ReadRoutes.MapReads(routes);
        routes.MapGet("/api/jobs/{name}/ranking", async (string name, string? cost, string? latency, string? throughput, CancellationToken ct) =>
            await Ranking.RankAsync(state, name, cost, latency, throughput, ct) switch
            {
                null => Error(ErrorCodes.ResourceNotFound, $"no job '{ValidationError.Shorten(name)}'", StatusCodes.Status404NotFound),
                { Succeeded: true } ranked => HttpResults.Json(ranked.Value, DashboardPageJsonContext.Default.RankingResponse),
                var failed => Answer(ApiResponse.Validation(failed.Errors)),
            });
        routes.MapGet("/api/jobs/{name}/simulation", async (HttpContext context, string name, CancellationToken ct) =>
            await Simulation.RunAsync(state, name, context.Request.Query, ct) switch
            {
                { Answer: { } simulated } => HttpResults.Json(simulated, DashboardPageJsonContext.Default.SimulationResponse),
                var refused => Answer(refused.Refusal!),
            });
        routes.MapGet("/api/instance-types", () => HttpResults.Json([.. state.Catalog.All], DashboardPageJsonContext.Default.ListInstanceType));
        routes.MapGet("/api/models", async (CancellationToken ct) => Answer(await Operation(state, "ListModels", "{}", ct)));
        // The registry's versions (newest first) for the create form's model group and version choice.
        routes.MapGet("/api/model-packages", async (CancellationToken ct) => Answer(await Operation(state, "ListModelPackages",
            """{"ModelPackageType":"Versioned","SortBy":"CreationTime","SortOrder":"Descending","MaxResults":100}""", ct)));
        routes.MapPost("/api/jobs", async (HttpContext context, CancellationToken ct) =>
            Answer(await Operations.RunAsync(state, Operations.TargetPrefix + "CreateInferenceRecommendationsJob", await BodyAsync(context), ct)));
        routes.MapPost("/api/jobs/{name}/stop", async (string name, CancellationToken ct) =>
            Answer(await Operation(state, "StopInferenceRecommendationsJob", SageMakerJson.Serialize(
                new StopInferenceRecommendationsJobRequest { JobName = name }, SageMakerJsonContext.Default.StopInferenceRecommendationsJobRequest), ct)));
        routes.MapPost("/api/scaling", async (HttpContext context, CancellationToken ct) =>
            Answer(await Operations.RunAsync(state, Operations.TargetPrefix + "GetScalingConfigurationRecommendation", await BodyAsync(context), ct)));
        // Generative AI: the AI job lists (newest first) and a recommendation job, through the API's own operations.
        const string NewestFirst = """{"SortBy":"CreationTime","SortOrder":"Descending","MaxResults":100}""";
        routes.MapGet("/api/ai/benchmark-jobs", async (CancellationToken ct) => Answer(await Operation(state, "ListAIBenchmarkJobs", NewestFirst, ct)));
        routes.MapGet("/api/ai/recommendation-jobs", async (CancellationToken ct) => Answer(await Operation(state, "ListAIRecommendationJobs", NewestFirst, ct)));
        routes.MapGet("/api/ai/recommendation-jobs/{name}", async (string name, CancellationToken ct) =>
            Answer(await Operation(state, "DescribeAIRecommendationJob", $"{{\"AIRecommendationJobName\":\"{JsonEncodedText.Encode(name)}\"}}", ct)));
        DashboardDownloads.Map(routes, state);
    }

    private static Task<ApiResponse> Operation(ServerState state, string name, string body, CancellationToken ct) =>
        Operations.RunAsync(state, Operations.TargetPrefix + name, Encoding.UTF8.GetBytes(body), ct);

    private static async Task<byte[]> BodyAsync(HttpContext context)
    {
        using var copy = new MemoryStream();
        await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
        return copy.ToArray();
    }

    /// <summary>The sign-in form's JSON; anything unreadable counts as no credentials (refused like a wrong key).</summary>
    private static async Task<SignInRequest?> ReadSignInAsync(HttpContext context, CancellationToken ct)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, DashboardPageJsonContext.Default.SignInRequest, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Answer(ApiResponse response) => HttpResults.Content(response.Json, "application/json", Encoding.UTF8, response.StatusCode);

    private static IResult Error(string type, string message, int status) => Answer(ApiResponse.Error(type, message, status));

    private static IResult Json(SessionResponse session) => HttpResults.Json(session, DashboardPageJsonContext.Default.SessionResponse);

    private static SessionResponse SessionOf(DashboardSessions sessions, DashboardSessions.Session? session, ApiTarget api) =>
        new(sessions.AuthRequired, session is not null, session?.AccessKeyId, session?.Csrf, api);
}

/// <summary>
/// What the page knows of its session: whether keys are needed, whether it is signed in, the CSRF token for writes, and
/// where the SageMaker API is, for the commands it copies.
/// </summary>
public sealed record SessionResponse(bool AuthRequired, bool SignedIn, string? AccessKeyId, string? Csrf, ApiTarget Api);

/// <summary>The SageMaker API's scheme and port (null before it listens) and the region requests are signed for.</summary>
public sealed record ApiTarget(string? Scheme, int? Port, string Region);

/// <summary>The sign-in form's body.</summary>
public sealed record SignInRequest(string? AccessKeyId, string? SecretAccessKey);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(RankingResponse))]
[JsonSerializable(typeof(SimulationResponse))]
[JsonSerializable(typeof(List<InstanceType>))]
internal sealed partial class DashboardPageJsonContext : JsonSerializerContext;
