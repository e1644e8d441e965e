using System.CommandLine;
using Spectre.Console;

namespace RightSize.Cli.Commands;

/// <summary>
/// <c>rightsize health</c>: exits 0 when a RightSize server answers HTTP at the URL, 1 when not. The container image's
/// HEALTHCHECK runs it (the image has no shell and no curl). Any answer below 500 counts: with --auth-keys an unsigned
/// request is refused with 403, which still shows the server is up and serving.
/// </summary>
internal static class HealthCommand
{
    public static Command Create(CliContext context)
    {
        // A string, checked below: System.CommandLine cannot bind System.Uri in this (trimmed, self-contained) build.
        var url = new Option<string>("--url")
        {
            Description = "The server's URL (default http://127.0.0.1:8080/).",
            DefaultValueFactory = _ => "http://127.0.0.1:8080/",
        };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the answer (default 3).", DefaultValueFactory = _ => 3 };
        var command = new Command("health", "Check that a RightSize server answers at --url: exit 0 if it does, 1 if not (a container health check).") { url, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            {
                context.Console.MarkupLineInterpolated($"[red]error:[/] --url: '{parse.GetValue(url)}' is not an http(s) URL, e.g. http://127.0.0.1:8080/");
                return ExitCodes.InvalidInput;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))) };
            try
            {
                using var response = await http.GetAsync(target, cancellationToken);
                var healthy = (int)response.StatusCode < 500;
                context.Console.MarkupLineInterpolated($"{target}: {(int)response.StatusCode} {(healthy ? "healthy" : "unhealthy")}");
                return healthy ? 0 : 1;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                context.Console.MarkupLineInterpolated($"{target}: unhealthy: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
