using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace RightSize.Cli.Commands;

/// <summary><c>rightsize run [JOB.json]</c>: runs one job in-process to its end, with live progress, and writes its files.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var job = new Argument<FileInfo?>("JOB.json")
        {
            Description = "A CreateInferenceRecommendationsJob request as JSON; without it, the built-in demo runs.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var workspace = new Option<FileInfo?>("--workspace") { Description = "The workspace file (default: ./rightsize.json when it exists)." };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Where describe.json, steps.json, metrics.csv and report.html go (default: ./rightsize-output/JOB-NAME)." };
        var window = new Option<int?>("--window") { Description = "Window length in seconds (default 60; also the tag rightsize:window-seconds)." };
        var relaxed = new Option<bool>("--relaxed-validation") { Description = "Accept traffic durations below 120 s and more users than SageMaker allows." };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Log job, test, endpoint and reaper events at this level and above to standard error (Trace, Debug, Information, Warning, Error, Critical; default None). Debug adds one line per window.",
            DefaultValueFactory = _ => LogLevel.None,
        };
        var command = new Command("run", "Run one job to its end and write its results.") { job, workspace, output, window, relaxed, logLevel };
        command.SetAction((parse, cancellationToken) => new JobRun(context).ExecuteAsync(
            new JobRunOptions(parse.GetValue(job), parse.GetValue(workspace), parse.GetValue(output), parse.GetValue(window), parse.GetValue(relaxed))
            {
                LogLevel = parse.GetValue(logLevel),
            },
            cancellationToken));
        return command;
    }
}

internal sealed record JobRunOptions(FileInfo? Job, FileInfo? Workspace, DirectoryInfo? Output, int? WindowSeconds, bool Relaxed)
{
    public LogLevel LogLevel { get; init; } = LogLevel.None;
}
