using System.CommandLine;
using Microsoft.Extensions.Logging;
using RightSize.Fleet.Agents;
using Spectre.Console;

namespace RightSize.Cli.Commands.Fleet;

/// <summary><c>rightsize agent</c>: registers this host in the fleet and heartbeats until Ctrl+C or SIGTERM.</summary>
internal static class AgentCommand
{
    public static Command Create(CliContext context)
    {
        var nats = new NatsOptionSet();
        var id = new Option<string?>("--id") { Description = "This agent's id, unique in the fleet and stable across restarts (default: the host name)." };
        var address = new Option<string?>("--address") { Description = "The address other hosts reach this agent's endpoints at (default: the local address that routes to NATS)." };
        var dockerAddress = new Option<string?>("--docker-address") { Description = "The address Docker publishes endpoint containers on (default: --address); the Docker host's own when this agent runs in a network namespace of its own, e.g. a pod using the node's dockerd." };
        var type = new Option<string?>("--instance-type") { Description = "The instance type this host is, e.g. ml.m5.xlarge (default: the cloud's, from DMI)." };
        var roles = new Option<string>("--roles") { Description = "What this agent takes on, comma-separated: endpoint, generator (default both).", DefaultValueFactory = _ => "endpoint,generator" };
        var labels = new Option<string[]>("--labels") { Description = "k=v labels (repeatable or comma-separated)." };
        var ttl = new Option<int>("--heartbeat-ttl") { Description = "Seconds after the last heartbeat that the fleet counts this agent gone (default 15).", DefaultValueFactory = _ => (int)AgentRegistry.DefaultTtl.TotalSeconds };
        var command = new Command("agent", "Run a fleet agent on this host: register in NATS and take work addressed to it.") { id, address, dockerAddress, type, roles, labels, ttl };
        nats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<ValidationError>();
            var options = new AgentOptions
            {
                Id = parse.GetValue(id) ?? Environment.MachineName,
                Address = parse.GetValue(address),
                DockerAddress = parse.GetValue(dockerAddress),
                InstanceType = parse.GetValue(type),
                Roles = ParseRoles(parse.GetValue(roles) ?? string.Empty, errors),
                Labels = ParseLabels(parse.GetValue(labels) ?? [], errors),
                HeartbeatTtl = TimeSpan.FromSeconds(parse.GetValue(ttl)),
            };
            if (errors.Count > 0)
            {
                return Fail(context, errors);
            }

            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            var started = await FleetAgent.StartAsync(options, nats.Read(parse, Environment.GetEnvironmentVariable)!, context.Time, loggers, cancellationToken);
            if (!started.Succeeded)
            {
                return Fail(context, started.Errors);
            }

            await using var agent = started.Value;
            var info = agent.Info;
            // What the start reaped comes first (it happened first), so a reader who sees "registered" has seen it.
            if (agent.ReapedEndpoints > 0)
            {
                context.Console.MarkupLine($"[yellow]reaped {agent.ReapedEndpoints} endpoint(s) a killed agent left on this host[/]");
            }

            context.Console.MarkupLine($"agent [bold]{Markup.Escape(info.Id)}[/] registered: {Markup.Escape(info.InstanceType)} at {Markup.Escape(info.Address)}, roles {Markup.Escape(string.Join(',', info.Roles).ToLowerInvariant())}");

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                context.Console.MarkupLine("stopping: deregistering");
            }

            return ExitCodes.Completed;
        });
        return command;
    }

    internal static List<AgentRole> ParseRoles(string value, List<ValidationError> errors)
    {
        var roles = new List<AgentRole>();
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<AgentRole>(name, ignoreCase: true, out var role) && !int.TryParse(name, out _))
            {
                roles.Add(role);
            }
            else
            {
                errors.Add(new("--roles", $"'{ValidationError.Shorten(name)}' is not a role; give endpoint, generator or both."));
            }
        }

        return [.. roles.Distinct()];
    }

    internal static Dictionary<string, string> ParseLabels(IEnumerable<string> values, List<ValidationError> errors)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                errors.Add(new("--labels", $"'{ValidationError.Shorten(pair)}' is not k=v."));
                continue;
            }

            labels[pair[..at]] = pair[(at + 1)..];
        }

        return labels;
    }

    internal static int Fail(CliContext context, IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            context.Console.MarkupLine($"[red]error:[/] {Markup.Escape(error.ToString())}");
        }

        return ExitCodes.InvalidInput;
    }
}
