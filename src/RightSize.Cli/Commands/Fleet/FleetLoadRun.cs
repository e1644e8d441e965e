using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using RightSize.Cli.Output;
using RightSize.Fleet.Generation;
using RightSize.Fleet.Nats;
using RightSize.Load;
using Spectre.Console;

namespace RightSize.Cli.Commands.Fleet;

/// <summary>
/// <c>rightsize load URL --fleet NATS --generators K</c>: the load split across K generator agents, merged. NATS
/// credentials come from the --nats-* flags or RIGHTSIZE_NATS_USER / RIGHTSIZE_NATS_PASSWORD / RIGHTSIZE_NATS_TOKEN, unseen by ps.
/// </summary>
internal static class FleetLoadRun
{
    public static async Task<int> RunAsync(CliContext context, AdHocLoadOptions options, NatsConnectionOptions fleetNats, int generators, bool json, CancellationToken cancellationToken)
    {
        var nats = fleetNats with { ClientName = "rightsize load" };
        var fleet = nats.Url;
        if (nats.Validate("--fleet") is { Count: > 0 } invalid)
        {
            return AgentCommand.Fail(context, invalid);
        }

        Result<FleetLoadSummary> result;
        using var loggers = StandardErrorLogs.Create(LogLevel.Warning);
        var connected = await NatsConnector.ConnectAsync(nats, "--fleet", loggers, context.Time, cancellationToken);
        if (!connected.Succeeded)
        {
            return AgentCommand.Fail(context, connected.Errors);
        }

        await using (var connection = connected.Value)
        {
            try
            {
                result = await FleetLoad.RunAsync(connection, options, generators, context.Time, null, cancellationToken);
            }
            catch (NatsException e)
            {
                return AgentCommand.Fail(context, [new("--fleet", $"the fleet at {fleet} failed: {NatsConnectionOptions.Describe(e)}")]);
            }
        }

        if (!result.Succeeded)
        {
            return AgentCommand.Fail(context, result.Errors);
        }

        var summary = result.Value;
        if (json)
        {
            await context.Out.WriteLineAsync(ToJson(summary));
        }
        else
        {
            LoadCommand.Print(context.Console, options.Url, summary.Merged);
            Print(context.Console, summary);
        }

        return ExitCodes.Completed;
    }

    private static void Print(IAnsiConsole console, FleetLoadSummary summary)
    {
        var table = new Table().AddColumns("generator", "agent", "requests", "errors", "seconds sent/merged", "clock offset", "round trip", "stopped", "error");
        foreach (var g in summary.Generators)
        {
            table.AddRow(
                g.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(g.AgentId),
                g.Requests?.ToString(CultureInfo.InvariantCulture) ?? "-",
                g.Errors.ToString(CultureInfo.InvariantCulture),
                $"{g.SecondsSent}/{g.SecondsMerged}",
                $"{g.Clock.Offset.TotalMilliseconds:0.000} ms",
                $"{g.Clock.RoundTrip.TotalMilliseconds:0.000} ms",
                g.Stopped ? "yes" : "no",
                Markup.Escape(g.Error ?? ""));
        }

        console.Write(table);
        console.MarkupLine(summary.MergedMatchesGenerators
            ? "merged requests = the sum of the generators' own counts"
            : "[red]merged requests differ from the sum of the generators' own counts: seconds were lost[/]");
        foreach (var error in summary.BucketErrors)
        {
            console.MarkupLine($"[red]refused bucket:[/] {Markup.Escape(error.ToString())}");
        }
    }

    /// <summary>The load's usual JSON (merged) plus a <c>fleet</c> object with each generator.</summary>
    private static string ToJson(FleetLoadSummary summary)
    {
        var root = JsonNode.Parse(summary.Merged.ToJson())!.AsObject();
        var generators = new JsonArray();
        foreach (var g in summary.Generators)
        {
            generators.Add(new JsonObject
            {
                ["index"] = g.Index,
                ["agent"] = g.AgentId,
                ["requests"] = g.Requests,
                ["errors"] = g.Errors,
                ["seconds_sent"] = g.SecondsSent,
                ["seconds_merged"] = g.SecondsMerged,
                ["clock_offset_ms"] = Math.Round(g.Clock.Offset.TotalMilliseconds, 3),
                ["clock_round_trip_ms"] = Math.Round(g.Clock.RoundTrip.TotalMilliseconds, 3),
                ["stopped"] = g.Stopped,
                ["error"] = g.Error,
            });
        }

        root["fleet"] = new JsonObject
        {
            ["generators"] = generators,
            ["merged_matches_generators"] = summary.MergedMatchesGenerators,
            ["bucket_errors"] = new JsonArray([.. summary.BucketErrors.Select(e => (JsonNode?)JsonValue.Create(e.ToString()))]),
        };
        return root.ToJsonString();
    }
}
