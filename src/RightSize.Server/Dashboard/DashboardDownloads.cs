using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Reports;
using RightSize.Results;
using RightSize.Server.Api;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace RightSize.Server.Dashboard;

/// <summary>
/// A job's files, as <c>rightsize run</c> writes them: describe.json for every job; report.html and metrics.csv rendered
/// from the live record while the job runs, and from the copies the server writes into the data folder when a job ends
/// (<see cref="DashboardReports"/>). For a job this server kept no copy of (it ended before this server kept them, or
/// under another server sharing the database), metrics.csv is rebuilt from the store's tests and windows, and
/// report.html answers 404 saying why (HEAD tells the page beforehand, rendering and reading nothing).
/// </summary>
internal static class DashboardDownloads
{
    public const string ReportFile = "report.html";
    public const string MetricsFile = "metrics.csv";

    private static readonly SageMakerJsonContext Indented = new(new JsonSerializerOptions(SageMakerJsonContext.Default.Options) { WriteIndented = true });

    public static void Map(RouteGroupBuilder routes, ServerState state)
    {
        routes.MapMethods("/api/jobs/{name}/files/{file}", ["GET", "HEAD"], async (HttpContext context, string name, string file) =>
        {
            var ct = context.RequestAborted;
            if (file == "describe.json")
            {
                return await JobReads.DescribeAsync(state, name, ct) is { } describe
                    ? Download(JsonSerializer.Serialize(describe, Indented.DescribeInferenceRecommendationsJobResponse), "application/json", name, file)
                    : NotFound(name, file);
            }

            if (file is not (ReportFile or MetricsFile))
            {
                return NotFound(name, file);
            }

            var type = file == ReportFile ? "text/html; charset=utf-8" : "text/csv; charset=utf-8";
            var head = HttpMethods.IsHead(context.Request.Method);
            if (state.Host.Live(name) is { } live)
            {
                if (head)
                {
                    return Exists(context, type);
                }

                using var writer = new StringWriter();
                Render(live.Record, file, writer);
                return Download(writer.ToString(), type, name, file);
            }

            var path = FolderOf(state.Options, name) is { } folder ? Path.Combine(folder, file) : null;
            if (path is not null && File.Exists(path))
            {
                // A file result answers HEAD with the headers alone.
                return HttpResults.File(Path.GetFullPath(path), type, $"{name}-{file}");
            }

            if (await state.Store.GetJobAsync(name, ct) is null)
            {
                return NotFound(name, file);
            }

            return file == MetricsFile
                ? head ? Exists(context, type) : Download(await MetricsFromStoreAsync(state, name, ct), type, name, file)
                : HttpResults.Content(ApiResponse.NotFound(
                    $"report.html of job '{name}' was not kept: the job ended before this server kept reports, or under another server's data folder; "
                    + "metrics.csv and describe.json are rebuilt from the store").Json, "application/json", Encoding.UTF8, StatusCodes.Status404NotFound);
        });
    }

    /// <summary>metrics.csv from the store's tests and windows, for a job this server kept no copy of.</summary>
    private static async Task<string> MetricsFromStoreAsync(ServerState state, string name, CancellationToken ct)
    {
        var tests = new List<MetricsCsvTest>();
        var windowsByTest = (await state.Store.ListWindowsAsync(name, ct)).ToLookup(w => w.TestIndex);
        foreach (var test in await state.Store.ListTestsAsync(name, ct))
        {
            var windows = windowsByTest[test.TestIndex];
            var step = SageMakerJson.Parse(test.StepJson, SageMakerJsonContext.Default.InferenceRecommendationsJobStep).Value
                ?? new InferenceRecommendationsJobStep { JobName = name, Status = test.Status };
            tests.Add(MetricsCsvTest.FromStep(test.TestIndex, step, test.Caveats, [.. windows.Select(w => w.Stats)], test.PeakWindowEndSecond));
        }

        using var writer = new StringWriter();
        MetricsCsv.Write(name, tests, writer);
        return writer.ToString();
    }

    public static void Render(JobRecord job, string file, TextWriter writer)
    {
        if (file == ReportFile)
        {
            HtmlReport.Write(job, writer);
        }
        else
        {
            MetricsCsv.Write(job, writer);
        }
    }

    /// <summary>Job names are [a-zA-Z0-9-] (validated at create), so a name is a safe folder name; anything else has no files.</summary>
    public static string? FolderOf(ServerOptions options, string jobName) =>
        NameRules.ValidateJobName(jobName).Count == 0 ? Path.Combine(options.DataFolder, "reports", jobName) : null;

    private static IResult Download(string content, string type, string name, string file) =>
        HttpResults.File(Encoding.UTF8.GetBytes(content), type, $"{name}-{file}");

    /// <summary>HEAD on a file rendered per request: the page asks whether it exists, so nothing is rendered.</summary>
    private static IResult Exists(HttpContext context, string type)
    {
        context.Response.ContentType = type;
        return HttpResults.Ok();
    }

    private static IResult NotFound(string name, string file) =>
        HttpResults.Content(ApiResponse.NotFound($"job '{ValidationError.Shorten(name)}' has no file '{ValidationError.Shorten(file)}'").Json,
            "application/json", Encoding.UTF8, StatusCodes.Status404NotFound);
}
