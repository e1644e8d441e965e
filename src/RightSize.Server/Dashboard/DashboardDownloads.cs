using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Reports;
using RightSize.Server.Api;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace RightSize.Server.Dashboard;

/// <summary>
/// A job's files, as <c>rightsize run</c> writes them: describe.json for every job; report.html and metrics.csv rendered
/// from the live record while the job runs, and from the copies the server writes into the data folder when a job ends
/// (<see cref="DashboardReports"/>). Jobs that ended before this server wrote such copies have describe.json only.
/// </summary>
internal static class DashboardDownloads
{
    public const string ReportFile = "report.html";
    public const string MetricsFile = "metrics.csv";

    private static readonly SageMakerJsonContext Indented = new(new JsonSerializerOptions(SageMakerJsonContext.Default.Options) { WriteIndented = true });

    public static void Map(RouteGroupBuilder routes, ServerState state)
    {
        routes.MapGet("/api/jobs/{name}/files/{file}", async (HttpContext context, string name, string file) =>
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
            if (state.Host.Live(name) is { } live)
            {
                using var writer = new StringWriter();
                Render(live.Record, file, writer);
                return Download(writer.ToString(), type, name, file);
            }

            var path = FolderOf(state.Options, name) is { } folder ? Path.Combine(folder, file) : null;
            return path is not null && File.Exists(path) ? Download(await File.ReadAllTextAsync(path, ct), type, name, file) : NotFound(name, file);
        });
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

    private static IResult NotFound(string name, string file) =>
        HttpResults.Content(ApiResponse.NotFound($"job '{ValidationError.Shorten(name)}' has no file '{ValidationError.Shorten(file)}'").Json,
            "application/json", Encoding.UTF8, StatusCodes.Status404NotFound);
}
