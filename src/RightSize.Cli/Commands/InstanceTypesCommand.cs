using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RightSize.Catalog;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Workspaces;
using Spectre.Console;

namespace RightSize.Cli.Commands;

/// <summary>
/// <c>rightsize instance-types [--json]</c>: the instance catalog, built in plus the workspace's entries, and (as a table)
/// which types fit this host beside the load generator's core.
/// </summary>
internal static class InstanceTypesCommand
{
    public static Command Create(CliContext context)
    {
        var workspace = new Option<FileInfo?>("--workspace") { Description = "The workspace file (default: ./rightsize.json when it exists)." };
        var json = new Option<bool>("--json") { Description = "Print the catalog as a JSON array." };
        var command = new Command("instance-types", "List the instance catalog.") { workspace, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var space = WorkspaceFile.Load(parse.GetValue(workspace)?.FullName, context.WorkingDirectory);
            if (!space.Succeeded)
            {
                space.Errors.ToList().ForEach(e => context.Console.MarkupLine($"[red]error:[/] {Markup.Escape(e.ToString())}"));
                return ExitCodes.InvalidInput;
            }

            var types = InstanceCatalog.BuiltIn.WithOverrides(space.Value.InstanceTypes).All;
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize([.. types], SageMakerJsonContext.Default.ListInstanceType));
                return ExitCodes.Completed;
            }

            var table = new Table().AddColumns("InstanceType", "VCpus", "MemoryGiB", "Gpus", "PricePerHour", "Verified", "PriceSource", "PriceDate");
            foreach (var t in types)
            {
                table.AddRow(
                    Markup.Escape(t.Name),
                    t.VCpus.ToString(CultureInfo.InvariantCulture),
                    t.MemoryGiB.ToString(CultureInfo.InvariantCulture),
                    t.Gpus.ToString(CultureInfo.InvariantCulture),
                    double.IsNaN(t.PricePerHour) ? "n/a" : t.PricePerHour.ToString("0.0000", CultureInfo.InvariantCulture),
                    t.Verified ? "yes" : "no",
                    Markup.Escape(t.PriceSource ?? string.Empty),
                    t.PriceDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
            }

            context.Console.Write(table);
            PrintFit(context.Console, types);
            return ExitCodes.Completed;
        });
        return command;
    }

    // Which types run here as they are, which only scaled down (emulate-proportional), which need an accelerator.
    private static void PrintFit(IAnsiConsole console, IReadOnlyList<InstanceType> types)
    {
        var host = HostCapacity.Current;
        var accelerators = HostAccelerators.Detect();
        var accelerated = types.Where(t => Accelerators.Of(t) is { } need
            && (need.Kind == AcceleratorKind.NvidiaGpu ? accelerators.NvidiaGpus : accelerators.NeuronDevices) < need.Count).ToList();
        var cpu = types.Except(accelerated).ToList();
        console.MarkupLine(Markup.Escape($"Endpoints on this host get {host.DescribeRoom()}."));
        Line(console, "Fit this host", cpu.Where(t => host.Fits(new EndpointResources(t.VCpus, t.MemoryGiB))));
        Line(console, $"Too large here (they fail; {RightSizeTags.EmulateProportional} = true runs them scaled down)",
            cpu.Where(t => !host.Fits(new EndpointResources(t.VCpus, t.MemoryGiB))));
        Line(console, $"Accelerator types without their device here (they fail; {RightSizeTags.EmulateAccelerators} = true runs them on CPU)", accelerated);
    }

    private static void Line(IAnsiConsole console, string title, IEnumerable<InstanceType> types)
    {
        var names = string.Join(", ", types.Select(t => t.Name));
        console.MarkupLine(Markup.Escape($"{title}: {(names.Length == 0 ? "none" : names)}"));
    }
}
