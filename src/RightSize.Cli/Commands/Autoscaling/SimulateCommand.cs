using System.CommandLine;
using System.Globalization;
using RightSize.Autoscaling;
using RightSize.Jobs;
using RightSize.Load;
using Spectre.Console;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>
/// <c>rightsize autoscaling simulate</c>: validates a target-tracking policy on local instances behind a round-robin
/// balancer under traffic that rises and falls, in compressed time; prints per-minute rows and a verdict.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model") { Description = "A workspace model to run the instances of." };
        var workspace = new Option<FileInfo?>("--workspace") { Description = "The workspace file (default ./rightsize.json)." };
        var instanceType = new Option<string?>("--instance-type") { Description = "The catalog instance type each instance gets (default: unlimited)." };
        var slots = new Option<int?>("--synthetic-slots") { Description = "Instead of --model: the synthetic model server with this many slots." };
        var serviceTime = new Option<double>("--synthetic-service-time-ms") { Description = "The synthetic server's service time.", DefaultValueFactory = _ => 20 };
        var target = new Option<double>("--target-value") { Description = "TargetValue: invocations per instance per minute (find-peak prints it).", Required = true };
        var minInstances = new Option<int>("--min-instances") { Description = "MinCapacity.", DefaultValueFactory = _ => 1 };
        var maxInstances = new Option<int>("--max-instances") { Description = "MaxCapacity.", DefaultValueFactory = _ => 4 };
        var timeScale = new Option<double>("--time-scale") { Description = "How much faster simulated time runs: 60 makes a minute last one second.", DefaultValueFactory = _ => 60 };
        var duration = new Option<string>("--duration") { Description = "The traffic pattern's length in simulated time (30m at time scale 60 lasts 30 s).", DefaultValueFactory = _ => "30m" };
        var peakRps = new Option<double?>("--peak-rps") { Description = "The traffic's peak, req/s (default: 80% of max instances at the target)." };
        var lowRps = new Option<double?>("--low-rps") { Description = "The traffic's start and end rate, req/s (default: a fifth of one instance's target)." };
        var threshold = new Option<double>("--latency-threshold-ms") { Description = "The verdict's P95 latency limit.", DefaultValueFactory = _ => 500 };
        var scaleIn = new Option<int>("--scale-in-cooldown") { Description = "ScaleInCooldown, simulated seconds.", DefaultValueFactory = _ => 300 };
        var scaleOut = new Option<int>("--scale-out-cooldown") { Description = "ScaleOutCooldown, simulated seconds.", DefaultValueFactory = _ => 300 };
        var scaleInPeriod = new Option<string>("--scale-in-period") { Description = "How long the metric stays >10% below target before a scale-in (simulated).", DefaultValueFactory = _ => "5m" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (settings, minutes, verdict)." };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Write simulate.json and simulate.html (chart) here." };
        var command = new Command("simulate", "Validate an autoscaling policy: local instances, a load balancer, a target-tracking autoscaler, rising then falling traffic.")
        {
            model, workspace, instanceType, slots, serviceTime, target, minInstances, maxInstances, timeScale, duration, peakRps, lowRps, threshold, scaleIn, scaleOut, scaleInPeriod, json, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            if ((parse.GetValue(model) is null) == (parse.GetValue(slots) is null))
            {
                errors.Add("give exactly one of --model or --synthetic-slots");
            }

            var settings = new SimulationSettings(parse.GetValue(target))
            {
                MinInstances = parse.GetValue(minInstances),
                MaxInstances = parse.GetValue(maxInstances),
                TimeScale = parse.GetValue(timeScale),
                Duration = Duration("--duration", parse.GetValue(duration)!, errors),
                PeakRps = parse.GetValue(peakRps),
                LowRps = parse.GetValue(lowRps),
                LatencyThresholdMs = parse.GetValue(threshold),
                ScaleInCooldownSeconds = parse.GetValue(scaleIn),
                ScaleOutCooldownSeconds = parse.GetValue(scaleOut),
                ScaleInPeriod = Duration("--scale-in-period", parse.GetValue(scaleInPeriod)!, errors),
            };
            Check(settings, parse.GetValue(slots), parse.GetValue(serviceTime), errors);
            if (errors.Count > 0)
            {
                return FindPeakCommand.Fail(context, errors);
            }

            var instances = parse.GetValue(slots) is { } n
                ? Result<ModelInstances>.Success(ModelInstances.Synthetic(n, parse.GetValue(serviceTime)))
                : ModelInstances.FromWorkspace(parse.GetValue(workspace)?.FullName, context.WorkingDirectory, parse.GetValue(model)!, parse.GetValue(instanceType), null);
            return instances.Succeeded
                ? await RunAsync(context, settings, instances.Value, parse.GetValue(json), parse.GetValue(output), cancellationToken)
                : FindPeakCommand.Fail(context, OptionErrors.OfModel(instances.Errors).Select(e => e.ToString()));
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, SimulationSettings settings, ModelInstances instances, bool json, DirectoryInfo? output, CancellationToken cancellationToken)
    {
        var printer = json ? null : new MinutePrinter(context.Console);
        if (!json)
        {
            context.Console.MarkupLine(Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"{settings.Duration.TotalMinutes:0} simulated minutes ({settings.Real(settings.Duration).TotalSeconds:0.#} s), traffic {settings.Low:0.#} -> {settings.Peak:0.#} -> {settings.Low:0.#} req/s, target {settings.TargetValue:0.##} per instance per minute")));
        }

        Result<SimulationReport> result;
        try
        {
            result = await new SimulationRun(settings, instances, context.Time).RunAsync(printer, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Console.MarkupLine("[yellow]stopped: every instance was shut down[/]");
            return ExitCodes.FailedOrStopped;
        }

        if (!result.Succeeded)
        {
            context.Console.MarkupLine($"[red]error:[/] {Markup.Escape(string.Join("; ", result.Errors))}");
            return ExitCodes.FailedOrStopped;
        }

        var report = result.Value;
        var text = System.Text.Json.JsonSerializer.Serialize(report, AutoscalingJsonContext.Default.SimulationReport);
        if (output is not null)
        {
            Directory.CreateDirectory(output.FullName);
            await File.WriteAllTextAsync(Path.Combine(output.FullName, "simulate.json"), text, CancellationToken.None);
            await using var html = File.CreateText(Path.Combine(output.FullName, "simulate.html"));
            SimulationHtml.Write(report, html);
        }

        if (json)
        {
            await context.Out.WriteLineAsync(text);
        }
        else
        {
            var color = report.Verdict.Passed ? "green" : "red";
            context.Console.MarkupLine($"[{color}]{(report.Verdict.Passed ? "PASSED" : "FAILED")}[/]: {Markup.Escape(report.Summary)}");
            if (output is not null)
            {
                context.Console.MarkupLine($"chart: {Markup.Escape(Path.Combine(output.FullName, "simulate.html"))}");
            }
        }

        return report.Verdict.Passed ? ExitCodes.Completed : ExitCodes.FailedOrStopped;
    }

    private static void Check(SimulationSettings s, int? slots, double serviceTime, List<string> errors)
    {
        if (!(s.TargetValue > 0) || !double.IsFinite(s.TargetValue))
        {
            errors.Add($"--target-value: {s.TargetValue} must be a positive number of invocations per instance per minute");
        }

        if (s.MinInstances < 1 || s.MaxInstances < s.MinInstances || s.MaxInstances > 16)
        {
            errors.Add($"--min-instances/--max-instances: need 1 <= min ({s.MinInstances}) <= max ({s.MaxInstances}) <= 16");
        }

        if (!(s.TimeScale >= 1 && s.TimeScale <= 3600))
        {
            errors.Add($"--time-scale: {s.TimeScale} is out of range 1-3600");
        }

        if (s.Duration < TimeSpan.FromMinutes(3) && s.Duration != TimeSpan.Zero)
        {
            errors.Add("--duration: at least 3 simulated minutes, to rise, hold and fall");
        }

        if (s.PeakRps is <= 0 || s.LowRps is <= 0 || s.Peak < s.Low)
        {
            errors.Add("--peak-rps/--low-rps: both positive, the peak at least the low rate");
        }

        if (s.ScaleInCooldownSeconds < 0 || s.ScaleOutCooldownSeconds < 0)
        {
            errors.Add("--scale-in-cooldown/--scale-out-cooldown: 0 or more seconds");
        }

        if (slots is < 1 || !(serviceTime > 0))
        {
            errors.Add("--synthetic-slots/--synthetic-service-time-ms: both positive");
        }
    }

    private static TimeSpan Duration(string option, string text, List<string> errors)
    {
        if (DurationParser.TryParse(text, out var value, out var error))
        {
            return value;
        }

        errors.Add($"{option}: {error}");
        return TimeSpan.Zero;
    }

    private sealed class MinutePrinter(IAnsiConsole console) : IProgress<SimulationMinute>
    {
        public void Report(SimulationMinute m) => console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"minute {m.Minute,3}: offered {m.OfferedRps,7:0.0} req/s, {m.Instances} instance(s), {m.InvocationsPerInstance,8:0} per instance, p95 {m.P95Ms,7:0.00} ms, p99 {m.P99Ms,7:0.00} ms, errors {m.ErrorRate:P1}; {m.Action}")));
    }
}
