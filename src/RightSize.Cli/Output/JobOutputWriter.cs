using System.Text.Json;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Reports;
using RightSize.Results;

namespace RightSize.Cli.Output;

/// <summary>Writes a job's files: describe.json, steps.json, notes.json (caveats SageMaker's shapes have no room for), metrics.csv and report.html.</summary>
internal static class JobOutputWriter
{
    private static readonly SageMakerJsonContext Indented = new(new JsonSerializerOptions(SageMakerJsonContext.Default.Options) { WriteIndented = true });

    public static async Task<IReadOnlyList<string>> WriteAsync(JobRecord job, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var describe = Path.Combine(directory, "describe.json");
        var steps = Path.Combine(directory, "steps.json");
        var notes = Path.Combine(directory, "notes.json");
        var metrics = Path.Combine(directory, "metrics.csv");
        var report = Path.Combine(directory, "report.html");
        await File.WriteAllTextAsync(describe, JsonSerializer.Serialize(JobDescriber.Describe(job), Indented.DescribeInferenceRecommendationsJobResponse), cancellationToken);
        await File.WriteAllTextAsync(steps, JsonSerializer.Serialize(JobDescriber.Steps(job), Indented.ListInferenceRecommendationsJobStepsResponse), cancellationToken);
        await WriteTextAsync(notes, w => JobNotes.Write(job, w), cancellationToken);
        await WriteTextAsync(metrics, w => MetricsCsv.Write(job, w), cancellationToken);
        await WriteTextAsync(report, w => HtmlReport.Write(job, w), cancellationToken);
        return [describe, steps, notes, metrics, report];
    }

    private static async Task WriteTextAsync(string path, Action<TextWriter> write, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(path);
        write(writer);
        await writer.FlushAsync(cancellationToken);
    }
}
