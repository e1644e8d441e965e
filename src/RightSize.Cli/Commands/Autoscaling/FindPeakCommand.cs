using System.CommandLine;
using RightSize.Autoscaling;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Load;
using RightSize.Windows;
using Spectre.Console;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>
/// <c>rightsize autoscaling find-peak</c>: one instance's peak rate (knee rule), the target value and the Application
/// Auto Scaling requests. The instance is a URL, a workspace model started locally, or a finished job's recommendation
/// (a job of a running server, or a `rightsize run` output folder).
/// </summary>
internal static class FindPeakCommand
{
    public static Command Create(CliContext context)
    {
        var url = new Option<string?>("--url") { Description = "An instance's invocations URL to load." };
        var model = new Option<string?>("--model") { Description = "A workspace model to start locally (with --instance-type) and load." };
        var instanceType = new Option<string?>("--instance-type") { Description = "The catalog instance type the model runs on." };
        var workspace = new Option<FileInfo?>("--workspace") { Description = "The workspace file (default ./rightsize.json)." };
        var jobOutput = new Option<DirectoryInfo?>("--job-output") { Description = "A `rightsize run` output folder: MAX_RPS from its recommendation instead of a new load." };
        var job = new Option<string?>("--job") { Description = "A finished job of a running `rightsize serve` (see --endpoint-url): MAX_RPS from its recommendation instead of a new load." };
        var endpointUrl = new Option<string?>(ServerConnection.Option) { Description = $"The server of --job, as for the aws CLI (default: AWS_ENDPOINT_URL_SAGEMAKER, AWS_ENDPOINT_URL, else {RightSize.Server.ServerOptions.DefaultUrl})." };
        var recommendationId = new Option<string?>("--recommendation-id") { Description = "Which recommendation of --job or --job-output (default: the top-ranked one)." };
        var stepSeconds = new Option<int>("--step-seconds") { Description = "Seconds per load step (the first second of each is warm-up).", DefaultValueFactory = _ => 5 };
        var maxUsers = new Option<int>("--max-users") { Description = "The most users (concurrent requests) to try.", DefaultValueFactory = _ => 256 };
        var usersStep = new Option<int?>("--users-step") { Description = "Add this many users per step instead of doubling them." };
        var percentile = new Option<string>("--percentile") { Description = "The latency percentile of the knee rule: p50, p95 or p99.", DefaultValueFactory = _ => "p95" };
        var latencyFactor = new Option<double>("--latency-factor") { Description = "The knee: the percentile exceeds this x its lowest-load value.", DefaultValueFactory = _ => 2.0 };
        var bodyFile = new Option<FileInfo?>("--body-file") { Description = "A file whose bytes are each request's body (default: the model's sample payload)." };
        var contentType = new Option<string>("--content-type") { Description = "The body's content type.", DefaultValueFactory = _ => "text/csv" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (steps, knee, target, both requests)." };
        var policy = new PolicyOptions();
        var command = new Command("find-peak", "Find one instance's peak requests per second and the autoscaling target and policy for it.")
        {
            url, model, instanceType, workspace, job, endpointUrl, jobOutput, recommendationId, stepSeconds, maxUsers, usersStep, percentile, latencyFactor, bodyFile, contentType, json,
        };
        policy.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var sources = new[] { parse.GetValue(url), parse.GetValue(model), parse.GetValue(job), parse.GetValue(jobOutput)?.FullName }.Count(s => s is not null);
            if (sources != 1)
            {
                errors.Add("give exactly one of --url, --model (with --instance-type), --job or --job-output");
            }

            ServerConnection? server = null;
            if (parse.GetValue(job) is { } jobName)
            {
                errors.AddRange(NameRules.ValidateJobName(jobName, "--job").Select(e => e.ToString()));
                var connection = ServerConnection.Resolve(parse.GetValue(endpointUrl), Environment.GetEnvironmentVariable);
                errors.AddRange(connection.Errors.Select(e => e.ToString()));
                server = connection.Value;
            }
            else if (parse.GetValue(endpointUrl) is not null)
            {
                errors.Add($"{ServerConnection.Option}: only with --job (a running server's job)");
            }

            if (parse.GetValue(recommendationId) is not null && parse.GetValue(job) is null && parse.GetValue(jobOutput) is null)
            {
                errors.Add("--recommendation-id: only with --job or --job-output");
            }

            if (parse.GetValue(model) is not null && parse.GetValue(instanceType) is null)
            {
                errors.Add("--instance-type: required with --model");
            }

            var knee = KneeOptions(parse.GetValue(percentile)!, parse.GetValue(latencyFactor), errors);
            CheckRange("--step-seconds", parse.GetValue(stepSeconds), 1, 3600, errors);
            CheckRange("--max-users", parse.GetValue(maxUsers), 1, 10_000, errors);
            if (parse.GetValue(usersStep) is { } k)
            {
                CheckRange("--users-step", k, 1, 10_000, errors);
            }

            var policyCheck = PolicyOptions.Build(policy.Input(parse, 1));
            errors.AddRange(policyCheck.Errors.Select(e => e.ToString()));
            var body = await BodyFile.ReadAsync(parse.GetValue(bodyFile), parse.GetValue(contentType)!, errors, cancellationToken);
            if (errors.Count > 0)
            {
                return Fail(context, errors);
            }

            var search = new PeakSearchOptions(new Uri("http://127.0.0.1/"))
            {
                StepDuration = TimeSpan.FromSeconds(parse.GetValue(stepSeconds)),
                MaxUsers = parse.GetValue(maxUsers),
                UsersIncrement = parse.GetValue(usersStep),
                Body = body,
                Knee = knee,
            };
            var run = new FindPeakRun(context, parse.GetValue(json));
            Task<FindPeakRun.Outcome> measuring;
            if (server is not null)
            {
                measuring = run.FromServerJobAsync(server, parse.GetValue(job)!, parse.GetValue(recommendationId), cancellationToken);
            }
            else if (parse.GetValue(jobOutput) is { } folder)
            {
                measuring = run.FromJobOutputAsync(folder.FullName, parse.GetValue(recommendationId), cancellationToken);
            }
            else if (parse.GetValue(url) is { } text)
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
                {
                    return Fail(context, [$"--url: '{text}' is not an http:// or https:// URL"]);
                }

                measuring = run.MeasureAsync(search with { Url = target }, target.ToString(), cancellationToken);
            }
            else
            {
                var instances = ModelInstances.FromWorkspace(
                    parse.GetValue(workspace)?.FullName, context.WorkingDirectory, parse.GetValue(model)!, parse.GetValue(instanceType), body);
                if (!instances.Succeeded)
                {
                    return Fail(context, [.. OptionErrors.OfModel(instances.Errors).Select(e => e.ToString())]);
                }

                measuring = run.MeasureModelAsync(instances.Value, search with { Body = instances.Value.Payload }, cancellationToken);
            }

            FindPeakRun.Outcome outcome;
            try
            {
                outcome = await measuring;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return run.Failed("stopped before the knee was found");
            }

            return outcome.Error is { } error ? run.Failed(error) : await run.ReportAsync(outcome, policy.Input(parse, Math.Round(outcome.MaxRps, 2)));
        });
        return command;
    }

    internal static int Fail(CliContext context, IEnumerable<string> errors)
    {
        foreach (var e in errors)
        {
            context.Console.MarkupLine($"[red]error:[/] {Markup.Escape(e)}");
        }

        return ExitCodes.InvalidInput;
    }

    private static KneeRuleOptions KneeOptions(string percentile, double factor, List<string> errors)
    {
        if (!LatencyPercentileNames.TryParse(percentile.ToUpperInvariant(), out var p) || p is not (LatencyPercentile.P50 or LatencyPercentile.P95 or LatencyPercentile.P99))
        {
            errors.Add($"--percentile: '{percentile}' is not one of p50, p95, p99");
            p = LatencyPercentile.P95;
        }

        if (!(factor > 1) || !double.IsFinite(factor))
        {
            errors.Add($"--latency-factor: {factor} must be above 1");
        }

        return new KneeRuleOptions { Percentile = p, LatencyFactor = factor };
    }

    private static void CheckRange(string option, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{option}: {value} is out of range {min}-{max}");
        }
    }
}
