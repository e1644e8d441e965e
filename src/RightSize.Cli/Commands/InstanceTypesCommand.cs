using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RightSize.Catalog;
using RightSize.Jobs;
using RightSize.Workspaces;
using Spectre.Console;

namespace RightSize.Cli.Commands;

/// <summary><c>rightsize instance-types [--json]</c>: the instance catalog, built in plus the workspace's entries.</summary>
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
                    t.PricePerHour.ToString("0.0000", CultureInfo.InvariantCulture),
                    t.Verified ? "yes" : "no",
                    Markup.Escape(t.PriceSource ?? string.Empty),
                    t.PriceDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
            }

            context.Console.Write(table);
            return ExitCodes.Completed;
        });
        return command;
    }
}
