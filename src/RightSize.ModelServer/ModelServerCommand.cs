using System.CommandLine;
using RightSize.ModelServer.Hosting;

namespace RightSize.ModelServer;

/// <summary>
/// The model server's command line (System.CommandLine): <c>rightsize model serve</c> mounts <see cref="CreateServe"/>,
/// and the standalone exe's root command is configured by the same code, so there is one option list.
/// </summary>
public static class ModelServerCommand
{
    /// <summary>The <c>serve</c> command; it runs the server until SIGTERM, Ctrl+C or the invocation's cancellation.</summary>
    public static Command CreateServe()
        => Configure(new Command("serve", ServeOptions.Description), Environment.GetEnvironmentVariable, Console.Out, Console.Error);

    /// <summary>Adds the options and the action to <paramref name="command"/>; invalid values print errors and return 2.</summary>
    internal static T Configure<T>(T command, Func<string, string?> environment, TextWriter output, TextWriter error)
        where T : Command
    {
        var options = new ServeOptions();
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var resolved = ModelServerOptionsParser.Parse(parse, options, environment);
            if (resolved.Options is null)
            {
                foreach (var message in resolved.Errors)
                {
                    await error.WriteLineAsync($"error: {message}");
                }

                await error.WriteLineAsync("run with --help to list the options");
                return 2;
            }

            return await ModelServerHost.ServeAsync(resolved.Options, output, error, cancellationToken);
        });
        return command;
    }
}
