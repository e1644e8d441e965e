using RightSize.Autoscaling;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Load;
using RightSize.Windows;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>Runs one find-peak: checks its options, then measures (a URL or a local model) or reads (a job) MAX_RPS and reports.</summary>
internal static class FindPeakRunner
{
    public static async Task<int> ExecuteAsync(CliContext context, FindPeakOptions o, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (new[] { o.Url, o.Model, o.Job, o.JobOutput?.FullName }.Count(s => s is not null) != 1)
        {
            errors.Add("give exactly one of --url, --model (with --instance-type), --job or --job-output");
        }

        ServerConnection? server = null;
        if (o.Job is { } jobName)
        {
            errors.AddRange(NameRules.ValidateJobName(jobName, "--job").Select(e => e.ToString()));
            var connection = ServerConnection.Resolve(o.EndpointUrl, Environment.GetEnvironmentVariable);
            errors.AddRange(connection.Errors.Select(e => e.ToString()));
            server = connection.Value;
        }
        else if (o.EndpointUrl is not null)
        {
            errors.Add($"{ServerConnection.Option}: only with --job (a running server's job)");
        }

        if (o.RecommendationId is not null && o.Job is null && o.JobOutput is null)
        {
            errors.Add("--recommendation-id: only with --job or --job-output");
        }

        if (o.Model is not null && o.InstanceType is null)
        {
            errors.Add("--instance-type: required with --model");
        }

        var knee = KneeOptions(o.Percentile, o.LatencyFactor, errors);
        CheckRange("--step-seconds", o.StepSeconds, 1, 3600, errors);
        CheckRange("--max-users", o.MaxUsers, 1, 10_000, errors);
        if (o.UsersStep is { } k)
        {
            CheckRange("--users-step", k, 1, 10_000, errors);
        }

        errors.AddRange(PolicyOptions.Build(o.Policy).Errors.Select(e => e.ToString()));
        var body = await BodyFile.ReadAsync(o.BodyFile, o.ContentType, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return FindPeakCommand.Fail(context, errors);
        }

        var search = new PeakSearchOptions(new Uri("http://127.0.0.1/"))
        {
            StepDuration = TimeSpan.FromSeconds(o.StepSeconds),
            MaxUsers = o.MaxUsers,
            UsersIncrement = o.UsersStep,
            Body = body,
            Knee = knee,
        };
        var run = new FindPeakRun(context, o.Json);
        Task<FindPeakRun.Outcome> measuring;
        if (server is not null)
        {
            measuring = run.FromServerJobAsync(server, o.Job!, o.RecommendationId, cancellationToken);
        }
        else if (o.JobOutput is { } folder)
        {
            measuring = run.FromJobOutputAsync(folder.FullName, o.RecommendationId, cancellationToken);
        }
        else if (o.Url is { } text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            {
                return FindPeakCommand.Fail(context, [$"--url: '{text}' is not an http:// or https:// URL"]);
            }

            measuring = run.MeasureAsync(search with { Url = target }, target.ToString(), cancellationToken);
        }
        else
        {
            var instances = ModelInstances.FromWorkspace(o.Workspace?.FullName, context.WorkingDirectory, o.Model!, o.InstanceType, body);
            if (!instances.Succeeded)
            {
                return FindPeakCommand.Fail(context, [.. OptionErrors.OfModel(instances.Errors).Select(e => e.ToString())]);
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

        return outcome.Error is { } error ? run.Failed(error) : await run.ReportAsync(outcome, o.Policy with { MaxRps = Math.Round(outcome.MaxRps, 2) });
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
