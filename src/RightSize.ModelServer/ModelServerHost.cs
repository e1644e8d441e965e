using RightSize.ModelServer.Hosting;

namespace RightSize.ModelServer;

/// <summary>
/// Runs the reference model server until it is stopped (SIGTERM, Ctrl+C or the token). Used by the exe's Main and by
/// <c>rightsize model serve</c>.
/// </summary>
public static class ModelServerHost
{
    /// <returns>0 after a clean shutdown; 2 for invalid options, a missing or unusable model, or an address in use.</returns>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
        => RunAsync(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error, cancellationToken);

    internal static async Task<int> RunAsync(
        IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var parsed = ServerOptionsParser.Parse(args, environment);
        if (parsed.HelpRequested)
        {
            await output.WriteAsync(Usage.Text);
            return 0;
        }

        if (parsed.Options is null)
        {
            foreach (var message in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {message}");
            }

            await error.WriteLineAsync("run with --help to list the options");
            return 2;
        }

        var started = await ModelServerApp.StartAsync(parsed.Options, error, cancellationToken);
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
}
