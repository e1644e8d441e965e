using System.CommandLine;
using RightSize.Cli.Commands;

namespace RightSize.Cli;

/// <summary>The <c>rightsize</c> command tree.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = Create(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'rightsize --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        // Ctrl+C cancels the token; the job then stops gracefully and writes its files, which can take a few seconds.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }, cancellationToken);
    }

    /// <summary>The command tree; deploy/ manifests are checked against it (their args must parse).</summary>
    public static RootCommand Create(CliContext context) =>
        new("RightSize: load-test an inference endpoint and recommend its configuration, as SageMaker Inference Recommender does.")
        {
            RunCommand.Create(context),
            LoadCommand.Create(context),
            ModelCommand.Create(),
            InstanceTypesCommand.Create(context),
            ServeCommand.Create(context),
            HealthCommand.Create(context),
            Commands.Fleet.AgentCommand.Create(context),
            Commands.Fleet.AgentsCommand.Create(context),
            AutoscalingCommand.Create(context),
            Commands.Llm.LlmCommand.Create(context),
        };
}
