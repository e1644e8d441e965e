using System.CommandLine;
using Microsoft.Extensions.Logging;
using RightSize.Cli.Output;
using RightSize.Server;
using RightSize.Server.Security;
using Spectre.Console;

namespace RightSize.Cli.Commands;

/// <summary><c>rightsize serve</c>: the control plane (SageMaker API, job queue, store) until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = $"Where to listen, ';'-separated (default {ServerOptions.DefaultUrl}); non-loopback needs --auth-keys." };
        var dashboardUrls = new Option<string?>("--dashboard-urls")
        {
            Description = "Where the dashboard listens (default: the --urls host on the next port, e.g. http://127.0.0.1:8081; 'none' turns it off); non-loopback needs --auth-keys.",
        };
        var data = new Option<DirectoryInfo?>("--data") { Description = "The SQLite store's folder (default ./rightsize-data)." };
        var db = new Option<string?>("--db")
        {
            Description = "A PostgreSQL connection string; the store goes there instead of SQLite. Leave the password out: PGPASSWORD or a pgpass file supplies it, unseen by ps.",
        };
        var workspace = new Option<FileInfo?>("--workspace") { Description = "The workspace file (default: ./rightsize.json when it exists)." };
        var relaxed = new Option<bool>("--relaxed-validation") { Description = "Accept traffic durations below 120 s and more users than SageMaker allows." };
        var authKeys = new Option<FileInfo?>("--auth-keys") { Description = "JSON list of {AccessKeyId, SecretAccessKey}: only requests signed (SigV4) with these are served." };
        var allowedRoots = new Option<string[]>("--allowed-root") { Description = "A folder ModelDataUrl and SamplePayloadUrl may read (repeatable; default: the workspace and data folders)." };
        var allowedHosts = new Option<string[]>("--allowed-host") { Description = "A host name clients may call this server by, besides its addresses and localhost (repeatable)." };
        var concurrent = new Option<int>("--max-concurrent-jobs") { Description = "Jobs that run at once (default 1); the rest queue in order.", DefaultValueFactory = _ => 1 };
        var allowCommands = new Option<bool>("--allow-api-commands")
        {
            Description = "DANGER: let API callers create process and Docker models and set loader variables, i.e. run any code as this user (see docs/security.md).",
        };
        var logLines = new Option<int>("--endpoint-log-lines") { Description = "Lines of a failed endpoint's log a FailureReason shows API callers (default 0: withheld)." };
        var otlp = new Option<string?>("--otlp-endpoint") { Description = "Send metrics and traces over OTLP to this address (default: OTEL_EXPORTER_OTLP_ENDPOINT; none when unset)." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "The lowest level of the JSON console logs (default Warning).", DefaultValueFactory = _ => LogLevel.Warning };
        var nats = new Fleet.NatsOptionSet("Place each test's endpoint on a fleet agent of its instance type through this NATS server (see docs/fleet.md); none: every endpoint runs here.");
        var insecureNats = new Option<bool>("--insecure-nats") { Description = "Accept a NATS server on another host without credentials (anyone who reaches it could pose as an agent)." };
        var placementDeadline = new Option<int>("--placement-deadline") { Description = "Seconds a test waits for an idle agent of its instance type (default 120).", DefaultValueFactory = _ => 120 };
        var workLease = new Option<int>("--work-lease")
        {
            Description = "Seconds an agent keeps an endpoint or load the coordinator stopped renewing (a killed coordinator); default 30.",
            DefaultValueFactory = _ => 30,
        };
        var command = new Command("serve", "Serve the SageMaker Inference Recommender API and run its jobs; Prometheus metrics at /metrics.")
        {
            urls, dashboardUrls, data, db, workspace, relaxed, authKeys, allowedRoots, allowedHosts, concurrent, allowCommands, logLines, otlp, logLevel, insecureNats, placementDeadline, workLease,
        };
        nats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keys = AccessKeyFile.Load(parse.GetValue(authKeys)?.FullName, Environment.GetEnvironmentVariable);
            if (!keys.Succeeded)
            {
                return Fail(context, keys.Errors);
            }

            // The NATS client's warnings (a failed connect's cause, reconnects) for the connection's life, on standard error.
            using var natsLogs = StandardErrorLogs.Create(LogLevel.Warning);
            var fleet = await Fleet.FleetServe.ConnectAsync(nats.Read(parse, Environment.GetEnvironmentVariable), parse.GetValue(insecureNats),
                parse.GetValue(placementDeadline), parse.GetValue(workLease), natsLogs, context.Time, cancellationToken);
            if (!fleet.Succeeded)
            {
                return Fail(context, fleet.Errors);
            }

            await using var placement = fleet.Value.Placement;
            var started = await ServerHost.StartAsync(new ServerOptions
            {
                Urls = parse.GetValue(urls) ?? ServerOptions.DefaultUrl,
                DashboardUrls = parse.GetValue(dashboardUrls),
                DataDirectory = parse.GetValue(data)?.FullName,
                ConnectionString = parse.GetValue(db),
                WorkspacePath = parse.GetValue(workspace)?.FullName,
                WorkingDirectory = context.WorkingDirectory,
                RelaxedValidation = parse.GetValue(relaxed),
                AccessKeys = keys.Value,
                AllowedRoots = parse.GetValue(allowedRoots) ?? [],
                AllowedHosts = parse.GetValue(allowedHosts) ?? [],
                MaxConcurrentJobs = parse.GetValue(concurrent),
                AllowApiCommands = parse.GetValue(allowCommands),
                EndpointLogLines = parse.GetValue(logLines),
                OtlpEndpoint = OtlpEndpoint(parse.GetValue(otlp) ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")),
                LogLevel = parse.GetValue(logLevel),
                Time = context.Time,
                EndpointPlacement = placement is null ? null : placement.For,
                LoadGenerators = placement?.Generators,
                Agents = placement?.Agents,
                FleetLeftovers = placement,
            }, cancellationToken);
            if (!started.Succeeded)
            {
                return Fail(context, started.Errors);
            }

            var server = started.Value;
            var report = server.Report;
            context.Console.MarkupLine($"RightSize server listening on [bold]{Markup.Escape(string.Join(", ", server.Addresses))}[/] (store: {Markup.Escape(report.Store)})");
            if (server.DashboardAddress is { } dashboard)
            {
                context.Console.MarkupLine($"dashboard: [bold]{Markup.Escape(dashboard.ToString())}[/]");
            }

            if (fleet.Value.Description is { } description)
            {
                context.Console.MarkupLine(Markup.Escape(description));
            }

            if (parse.GetValue(allowCommands))
            {
                context.Console.MarkupLine($"[red bold]warning: --allow-api-commands: anyone who can reach this API can run any command as {Markup.Escape(Environment.UserName)}[/]");
            }

            if (report.InterruptedJobs > 0 || report.ReapedEndpoints > 0 || report.ResumedJobs > 0)
            {
                var resumed = report.ResumedJobs > 0 ? $"{report.ResumedJobs} interrupted job(s) resumed, " : string.Empty;
                context.Console.MarkupLine($"[yellow]recovered from an earlier stop: {resumed}{report.InterruptedJobs} interrupted job(s) marked FAILED, {report.ReapedEndpoints} leftover endpoint(s) stopped[/]");
            }

            // SIGTERM and Ctrl+C reach the host (its console lifetime) or cancel the token; either way the host then stops
            // in order: Kestrel stops accepting, running jobs stop, the store writer writes what is left.
            await server.WaitForShutdownAsync(cancellationToken);
            context.Console.MarkupLine("stopping: running jobs become STOPPED");
            await server.DisposeAsync();
            context.Console.MarkupLine("stopped");
            return ExitCodes.Completed;
        });
        return command;
    }

    /// <summary>Any text becomes a URI here (relative when it is not absolute) so the server's option check names a bad one.</summary>
    private static Uri? OtlpEndpoint(string? value) =>
        string.IsNullOrEmpty(value) ? null : Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out var endpoint) ? endpoint : new Uri(Uri.EscapeDataString(value), UriKind.Relative);

    private static int Fail(CliContext context, IReadOnlyList<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            context.Console.MarkupLine($"[red]error:[/] {Markup.Escape(error.ToString())}");
        }

        return ExitCodes.InvalidInput;
    }
}
