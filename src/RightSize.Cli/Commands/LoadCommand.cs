using System.CommandLine;
using System.Globalization;
using RightSize.Load;
using RightSize.Load.Http;
using Spectre.Console;

namespace RightSize.Cli.Commands;

/// <summary>
/// <c>rightsize load URL</c>: an ad-hoc load on one URL, like wrk or hey. Closed loop with -c users, or an open loop
/// at --rate requests per second whose latencies count from each request's intended send time.
/// </summary>
internal static class LoadCommand
{
    public static Command Create(CliContext context)
    {
        var url = new Argument<string>("URL") { Description = "The URL every request goes to (http:// or https://)." };
        var connections = new Option<int>("--connections", "-c") { Description = "Closed loop: users, each with its own connection. Open loop: the most connections in use.", DefaultValueFactory = _ => 10 };
        var duration = new Option<string>("--duration", "-d") { Description = "How long: 10s, 2m, 1h, 500ms.", DefaultValueFactory = _ => "10s" };
        var rate = new Option<double?>("--rate") { Description = "Open loop at this many requests per second (no coordinated omission)." };
        var method = new Option<string>("--method", "-m") { Description = "HTTP method.", DefaultValueFactory = _ => "POST" };
        var bodyFile = new Option<FileInfo?>("--body-file") { Description = "A file whose bytes are sent as each request's body." };
        var contentType = new Option<string>("--content-type") { Description = "The body's content type.", DefaultValueFactory = _ => "text/csv" };
        var timeout = new Option<string>("--timeout") { Description = "Per-request timeout.", DefaultValueFactory = _ => "60s" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the table." };
        var client = new Option<string?>("--client") { Description = "The HTTP client: socket (RightSize's own HTTP/1.1 client, http:// only; the default for http://) or httpclient (.NET's HttpClient; the default for https://)." };
        client.AcceptOnlyFromAmong("socket", "httpclient");
        var metrics = new Option<bool>("--metrics") { Description = "Feed the metrics instruments serve exports (once a second) to an in-process listener, to measure their cost; prints what it collected to stderr." };
        var fleet = new Fleet.NatsOptionSet("Split the load across generator agents of the fleet at this NATS URL (credentials: --nats-user/--nats-password/--nats-token or RIGHTSIZE_NATS_USER/PASSWORD/TOKEN, --nats-nkey, TLS --nats-ca/--nats-cert/--nats-key) and merge their seconds.", "--fleet");
        var generators = new Option<int>("--generators") { Description = "With --fleet: how many generator agents share the load (default 1).", DefaultValueFactory = _ => 1 };
        var command = new Command("load", "Load one URL ad hoc, like wrk or hey.")
        {
            url, connections, duration, rate, method, bodyFile, contentType, timeout, json, client, metrics, generators,
        };
        fleet.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var target = ParseUrl(parse.GetValue(url)!, errors);
            var length = ParseDuration("--duration", parse.GetValue(duration)!, errors);
            var perRequest = ParseDuration("--timeout", parse.GetValue(timeout)!, errors);
            var users = parse.GetValue(connections);
            if (users < 1)
            {
                errors.Add($"--connections: {users} must be at least 1");
            }

            if (parse.GetValue(rate) is { } r && (r <= 0 || double.IsNaN(r)))
            {
                errors.Add($"--rate: {r.ToString(CultureInfo.InvariantCulture)} must be above 0 requests per second");
            }

            var loadClient = ParseClient(parse.GetValue(client), target, errors);
            var body = await BodyFile.ReadAsync(parse.GetValue(bodyFile), parse.GetValue(contentType)!, errors, cancellationToken);
            if (errors.Count > 0 || target is null)
            {
                errors.ForEach(e => context.Console.MarkupLine($"[red]error:[/] {Markup.Escape(e)}"));
                return ExitCodes.InvalidInput;
            }

            var options = new AdHocLoadOptions(target)
            {
                Connections = users,
                Duration = length,
                Rate = parse.GetValue(rate),
                Method = parse.GetValue(method)!.ToUpperInvariant(),
                Body = body,
                Timeout = perRequest,
                Client = loadClient,
            };
            if (fleet.Read(parse, Environment.GetEnvironmentVariable) is { } fleetNats)
            {
                return await Fleet.FleetLoadRun.RunAsync(context, options, fleetNats, parse.GetValue(generators), parse.GetValue(json), cancellationToken);
            }

            using var listened = parse.GetValue(metrics) ? new LoadMetrics(target) : null;
            var summary = await AdHocLoad.RunAsync(options, context.Time, listened, cancellationToken);
            if (listened is not null)
            {
                // stderr, so that --json stays one JSON object on stdout.
                var (invocations, latencies) = listened.Collected;
                await Console.Error.WriteLineAsync($"metrics: the listener received {invocations} invocations and {latencies} latencies");
            }

            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(summary.ToJson());
            }
            else
            {
                Print(context.Console, target, summary);
            }

            return ExitCodes.Completed;
        });
        return command;
    }

    private static Uri? ParseUrl(string text, List<string> errors)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        errors.Add($"URL: '{text}' is not an http:// or https:// URL, e.g. http://127.0.0.1:8080/invocations");
        return null;
    }

    private static LoadClient? ParseClient(string? name, Uri? target, List<string> errors)
    {
        if (name is null)
        {
            return null;
        }

        if (name == "socket" && target?.Scheme == Uri.UriSchemeHttps)
        {
            errors.Add("--client: socket speaks plain http:// only; use --client httpclient (or leave it out) for https:// URLs");
        }

        return name == "socket" ? LoadClient.Socket : LoadClient.HttpClient;
    }

    private static TimeSpan ParseDuration(string option, string text, List<string> errors)
    {
        if (DurationParser.TryParse(text, out var value, out var error))
        {
            return value;
        }

        errors.Add($"{option}: {error}");
        return TimeSpan.Zero;
    }

    internal static void Print(IAnsiConsole console, Uri target, AdHocLoadSummary s)
    {
        var mode = s.Mode == AdHocLoadSummary.OpenLoop
            ? $"open loop at {s.Rate?.ToString("0.##", CultureInfo.InvariantCulture)} req/s (latency from intended send time)"
            : $"closed loop, {s.Connections} users (closed-loop percentiles)";
        mode += $", {s.Client} client";
        console.MarkupLine($"[bold]{Markup.Escape(target.ToString())}[/] {Markup.Escape(mode)}");
        var table = new Table().AddColumns("requests", "errors", "duration", "req/s", "p50", "p90", "p95", "p99", "p99.9", "max");
        table.AddRow(
            s.Requests.ToString(CultureInfo.InvariantCulture),
            s.Errors.ToString(CultureInfo.InvariantCulture),
            Format(s.DurationSeconds, "0.00") + " s",
            Format(s.RequestsPerSecond, "0.0"),
            Format(s.P50Ms, "0.000") + " ms",
            Format(s.P90Ms, "0.000") + " ms",
            Format(s.P95Ms, "0.000") + " ms",
            Format(s.P99Ms, "0.000") + " ms",
            Format(s.P999Ms, "0.000") + " ms",
            Format(s.MaxMs, "0.000") + " ms");
        console.Write(table);
        if (s.Errors > 0)
        {
            console.MarkupLine(Markup.Escape($"errors: {s.ClientErrors} 4xx, {s.ServerErrors} 5xx, {s.Timeouts} timeouts, {s.ConnectionErrors} connection errors"));
        }
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
