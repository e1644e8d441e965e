using System.CommandLine;
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
        command.SetAction((parse, cancellationToken) => FindPeakRunner.ExecuteAsync(context, new FindPeakOptions
        {
            Url = parse.GetValue(url),
            Model = parse.GetValue(model),
            InstanceType = parse.GetValue(instanceType),
            Workspace = parse.GetValue(workspace),
            JobOutput = parse.GetValue(jobOutput),
            Job = parse.GetValue(job),
            EndpointUrl = parse.GetValue(endpointUrl),
            RecommendationId = parse.GetValue(recommendationId),
            StepSeconds = parse.GetValue(stepSeconds),
            MaxUsers = parse.GetValue(maxUsers),
            UsersStep = parse.GetValue(usersStep),
            Percentile = parse.GetValue(percentile)!,
            LatencyFactor = parse.GetValue(latencyFactor),
            BodyFile = parse.GetValue(bodyFile),
            ContentType = parse.GetValue(contentType)!,
            Json = parse.GetValue(json),
            Policy = policy.Input(parse, 1),
        }, cancellationToken));
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
}
