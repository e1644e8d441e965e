using System.Globalization;
using RightSize.Autoscaling;
using Spectre.Console;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>One find-peak: measure (or read) MAX_RPS, then print the report; progress goes to the console unless --json.</summary>
internal sealed class FindPeakRun(CliContext context, bool json)
{
    /// <summary>MAX_RPS and what it rests on, or why there is none.</summary>
    public sealed record Outcome(string Source, double MaxRps, IReadOnlyList<PeakStep> Steps, PeakEstimate? Estimate, KneeRuleOptions? Knee, string? Error = null);

    public async Task<Outcome> MeasureAsync(PeakSearchOptions search, string source, CancellationToken cancellationToken)
    {
        Progress($"raising load on {source}: {search.StepDuration.TotalSeconds:0} s per step, up to {search.MaxUsers} users");
        var result = await PeakSearch.RunAsync(search, context.Time, new StepPrinter(this), cancellationToken);
        return new Outcome(source, result.Estimate.MaxRps, result.Steps, result.Estimate, search.Knee);
    }

    public async Task<Outcome> MeasureModelAsync(ModelInstances instances, PeakSearchOptions search, CancellationToken cancellationToken)
    {
        var source = $"model {instances.Model.ModelName} on {instances.InstanceType}";
        Progress($"starting {source}");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var started = await instances.StartAsync("find-peak", http, context.Time, cancellationToken);
        if (started.Endpoint is not { } endpoint)
        {
            return new Outcome(source, 0, [], null, null, started.FailureReason);
        }

        // The endpoint is a child process: it is stopped on every path out, Ctrl+C included.
        await using (endpoint)
        {
            return await MeasureAsync(search with { Url = endpoint.InvocationsUrl }, source, cancellationToken);
        }
    }

    public async Task<Outcome> FromJobOutputAsync(string directory, string? recommendationId, CancellationToken cancellationToken)
    {
        var peak = await JobOutputPeak.ReadAsync(directory, recommendationId, cancellationToken);
        if (!peak.Succeeded)
        {
            return new Outcome(directory, 0, [], null, null, string.Join("; ", peak.Errors));
        }

        var window = await JobOutputPeak.ReadPeakWindowAsync(directory, peak.Value.EndpointName, cancellationToken);
        return FromRecommendation(peak.Value, directory, window);
    }

    public async Task<Outcome> FromServerJobAsync(ServerConnection connection, string jobName, string? recommendationId, CancellationToken cancellationToken)
    {
        var source = $"job {jobName} on {connection.Endpoint}";
        Progress($"reading {source}");
        using var server = new ServerClient(connection, context.Time);
        var reading = await ServerJobPeak.ReadAsync(server, jobName, recommendationId, cancellationToken);
        return reading.Succeeded
            ? FromRecommendation(reading.Value.Peak, source, reading.Value.PeakWindow)
            : new Outcome(source, 0, [], null, null, string.Join("; ", reading.Errors));
    }

    // A job's result: MAX_RPS from its recommendation, and its peak window (when known) as the one step.
    private static Outcome FromRecommendation(JobOutputPeak.Peak p, string of, PeakStep? window) => new(
        $"recommendation {p.RecommendationId} ({p.EndpointName}, {p.InstanceType}) of {of}",
        p.MaxRps,
        window is null ? [] : [window],
        window is null ? null : new PeakEstimate { MaxRps = p.MaxRps, PeakStep = 0 },
        null);

    public int Failed(string error)
    {
        context.Console.MarkupLine($"[red]error:[/] {Markup.Escape(error)}");
        return ExitCodes.FailedOrStopped;
    }

    /// <summary>Prints the report; <paramref name="input"/> carries MAX_RPS as reported, so MaxRps x F x 60 = TargetValue.</summary>
    public async Task<int> ReportAsync(Outcome outcome, ScalingPolicyInput input)
    {
        if (!(outcome.MaxRps > 0))
        {
            foreach (var reason in outcome.Estimate?.Knee?.Reasons ?? [])
            {
                Progress("knee: " + reason);
            }

            return Failed($"no peak rate: {outcome.Estimate?.Note ?? "nothing was measured"}");
        }

        var policy = PolicyOptions.Build(input);
        if (!policy.Succeeded)
        {
            return Failed(string.Join("; ", policy.Errors));
        }

        var report = new FindPeakReport
        {
            Source = outcome.Source,
            MaxRps = input.MaxRps,
            SafetyFactor = input.SafetyFactor,
            TargetValue = policy.Value.TargetValue,
            Percentile = outcome.Knee?.Percentile.ToString(),
            LatencyFactor = outcome.Knee?.LatencyFactor,
            Steps = outcome.Steps,
            PeakStep = outcome.Estimate?.PeakStep,
            Knee = outcome.Estimate?.Knee,
            Note = outcome.Estimate?.Note,
            RegisterScalableTarget = policy.Value.RegisterScalableTarget,
            PutScalingPolicy = policy.Value.PutScalingPolicy,
        };
        if (json)
        {
            await context.Out.WriteLineAsync(report.ToJson());
        }
        else
        {
            report.Print(context.Console);
        }

        return ExitCodes.Completed;
    }

    private void Progress(string line)
    {
        if (!json)
        {
            context.Console.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
        }
    }

    private sealed class StepPrinter(FindPeakRun run) : IProgress<PeakStep>
    {
        public void Report(PeakStep value) => run.Progress(string.Create(
            CultureInfo.InvariantCulture,
            $"{value.Users} users: {value.Rps:0.0} req/s, success {value.SuccessRate:P2}, p50 {value.P50Ms:0.00} ms, p95 {value.P95Ms:0.00} ms, p99 {value.P99Ms:0.00} ms"));
    }
}
