using System.CommandLine;
using RightSize.ModelServer.Hosting;

namespace RightSize.ModelServer;

/// <summary>Runs the reference model server until it is stopped (SIGTERM, Ctrl+C or the token).</summary>
internal static class ModelServerHost
{
    /// <summary>The standalone exe: <c>RightSize.ModelServer [serve] [options]</c>.</summary>
    /// <returns>0 after a clean shutdown; 2 for invalid options, a missing or unusable model, or an address in use.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = ModelServerCommand.Configure(new RootCommand(ServeOptions.Description), environment, output, error);
        var parse = root.Parse(WithoutContainerArgument(args));
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }

            await error.WriteLineAsync("run with --help to list the options");
            return 2;
        }

        // No termination handler of System.CommandLine's: the web host's own shuts down gracefully on SIGTERM.
        return await parse.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancellationToken);
    }

    public static async Task<int> ServeAsync(ModelServerOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var started = await ModelServerApp.StartAsync(options, error, cancellationToken);
        if (!started.Succeeded)
        {
            await error.WriteLineAsync($"error: {started.Error}");
            return 2;
        }

        await using var server = started.Value;
        // The parent process reads this line to learn the port; it must stay exactly this shape.
        await output.WriteLineAsync($"Listening on {server.Address}");
        await output.FlushAsync(cancellationToken);
        return await server.WaitForShutdownAsync(cancellationToken);
    }

    /// <summary>
    /// SageMaker starts a container with the argument <c>serve</c>; an image may put its own options in the entry point
    /// before it, so it is accepted first or last.
    /// </summary>
    private static string[] WithoutContainerArgument(IReadOnlyList<string> args) => args.ToArray() switch
    {
        ["serve", .. var rest] => rest,
        [.. var rest, "serve"] => rest,
        var all => all,
    };
}
