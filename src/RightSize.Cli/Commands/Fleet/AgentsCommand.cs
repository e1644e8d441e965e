using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using RightSize.Cli.Output;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Nats;
using Spectre.Console;

namespace RightSize.Cli.Commands.Fleet;

/// <summary><c>rightsize agents</c>: the fleet's live agents, their facts, heartbeats and work.</summary>
internal static class AgentsCommand
{
    public static Command Create(CliContext context)
    {
        var nats = new NatsOptionSet();
        var json = new Option<bool>("--json") { Description = "Print the agents as a JSON array." };
        var command = new Command("agents", "List the fleet's agents (those whose heartbeat is younger than the TTL).") { json };
        nats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = nats.Read(parse, Environment.GetEnvironmentVariable)! with { ClientName = "rightsize agents" };
            if (options.Validate() is { Count: > 0 } errors)
            {
                return AgentCommand.Fail(context, errors);
            }

            IReadOnlyList<AgentInfo> agents;
            using var loggers = StandardErrorLogs.Create(LogLevel.Warning);
            var connected = await NatsConnector.ConnectAsync(options, "--nats", loggers, context.Time, cancellationToken);
            if (!connected.Succeeded)
            {
                return AgentCommand.Fail(context, connected.Errors);
            }

            await using (var connection = connected.Value)
            {
                try
                {
                    agents = await AgentRegistry.Open(connection).ListAsync(cancellationToken);
                }
                catch (NatsException e)
                {
                    return AgentCommand.Fail(context, [new("--nats", $"could not read the fleet at {options.Url}: {NatsConnectionOptions.Describe(e)}")]);
                }
            }

            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize([.. agents], FleetJsonContext.Default.ListAgentInfo));
                return ExitCodes.Completed;
            }

            var now = context.Time.GetUtcNow();
            var table = new Table().AddColumns("Id", "InstanceType", "Address", "Roles", "Cores", "MemoryGiB", "Gpus", "Heartbeat", "Work", "Version");
            foreach (var a in agents)
            {
                table.AddRow(
                    Markup.Escape(a.Id),
                    Markup.Escape(a.InstanceType),
                    Markup.Escape(a.Address),
                    Markup.Escape(string.Join(',', a.Roles).ToLowerInvariant()),
                    a.Facts.Cores.ToString(CultureInfo.InvariantCulture),
                    (a.Facts.MemoryBytes / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture),
                    a.Facts.Gpus.Count.ToString(CultureInfo.InvariantCulture),
                    $"{Math.Max(0, (now - a.HeartbeatAt).TotalSeconds):0} s ago",
                    Markup.Escape(a.CurrentWork ?? "idle"),
                    Markup.Escape(a.Version));
            }

            context.Console.Write(table);
            context.Console.MarkupLine($"{agents.Count} agent(s)");
            return ExitCodes.Completed;
        });
        return command;
    }
}
