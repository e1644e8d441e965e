using RightSize.Catalog;
using RightSize.Cli.Demo;
using RightSize.Cli.Live;
using RightSize.Cli.Output;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Workspaces;
using Spectre.Console;

namespace RightSize.Cli.Commands;

/// <summary>One <c>rightsize run</c>: load and check the input, plan, run with live progress, write the files.</summary>
internal sealed class JobRun
{
    private readonly CliContext _context;

    public JobRun(CliContext context) => _context = context;

    private IAnsiConsole Console => _context.Console;

    public async Task<int> ExecuteAsync(JobRunOptions options, CancellationToken cancellationToken)
    {
        var planned = await PlanAsync(options, cancellationToken);
        if (!planned.Succeeded)
        {
            foreach (var error in planned.Errors)
            {
                Console.MarkupLine($"[red]error:[/] {Markup.Escape(error.ToString())}");
            }

            return ExitCodes.InvalidInput;
        }

        var plan = planned.Value;
        using var loggers = StandardErrorLogs.Create(options.LogLevel);
        using var engine = new JobEngine(_context.Time, loggers: loggers);
        if (engine.PrepareStateFolder() is [var unsafeFolder, ..])
        {
            Console.MarkupLine($"[red]error:[/] {Markup.Escape(unsafeFolder.ToString())}");
            return ExitCodes.InvalidInput;
        }

        var reaped = await engine.ReapLeftoversAsync(cancellationToken);
        if (reaped > 0)
        {
            Console.MarkupLine($"[yellow]stopped {reaped} endpoint(s) left running by an earlier RightSize that did not exit cleanly[/]");
        }

        var job = new JobRecord(plan, _context.Time.GetUtcNow());
        var runner = engine.RunnerFor(plan);
        await RunWithProgressAsync(runner, job, cancellationToken);

        var directory = options.Output?.FullName ?? Path.Combine(_context.WorkingDirectory, "rightsize-output", plan.JobName);
        var files = await JobOutputWriter.WriteAsync(job, directory, CancellationToken.None);
        Summary.Print(Console, job, files);
        return job.Status == RecommendationStatus.Completed ? ExitCodes.Completed : ExitCodes.FailedOrStopped;
    }

    private async Task<Result<JobPlan>> PlanAsync(JobRunOptions options, CancellationToken cancellationToken)
    {
        var demo = options.Job is null;
        string json;
        if (demo)
        {
            json = DemoJob.Json;
        }
        else if (!options.Job!.Exists)
        {
            return Result<JobPlan>.Failure("JOB.json", $"file not found: {options.Job.FullName}");
        }
        else
        {
            json = await File.ReadAllTextAsync(options.Job.FullName, cancellationToken);
        }

        var request = JobDocument.Parse(json);
        var workspace = WorkspaceFile.Load(options.Workspace?.FullName, _context.WorkingDirectory);
        if (!request.Succeeded || !workspace.Succeeded)
        {
            return Result<JobPlan>.Failure([.. request.Errors, .. workspace.Errors]);
        }

        var validation = JobValidator.Validate(request.Value, new JobValidationOptions { Relaxed = options.Relaxed || demo });
        if (options.WindowSeconds is < 1 or > 3600)
        {
            validation = [.. validation, new ValidationError("--window", $"{options.WindowSeconds} is out of range 1-3600 seconds")];
        }

        if (validation.Count > 0)
        {
            return Result<JobPlan>.Failure(validation);
        }

        var space = DemoJob.AddDemoModels(workspace.Value, withHalfCore: demo);
        var catalog = InstanceCatalog.BuiltIn.WithOverrides(space.InstanceTypes);
        return JobPlanner.Plan(request.Value, new WorkspaceResolver(space), catalog, new JobPlanningOptions { WindowSeconds = options.WindowSeconds });
    }

    private async Task RunWithProgressAsync(JobRunner runner, JobRecord job, CancellationToken cancellationToken)
    {
        if (!Console.Profile.Capabilities.Interactive)
        {
            await runner.RunAsync(job, new ProgressLines(Console), cancellationToken);
            return;
        }

        var run = runner.RunAsync(job, NullJobObserver.Instance, cancellationToken);
        await Console.Live(JobTable.Render(job)).StartAsync(async live =>
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(500), _context.Time, CancellationToken.None));
                live.UpdateTarget(JobTable.Render(job));
            }
        });
        await run;
    }
}
