using Spectre.Console;

namespace RightSize.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            // Logs and pipes have no width; Spectre would assume 80 columns and squeeze the tables.
            console.Profile.Width = 200;
        }

        return CliApp.RunAsync(args, new CliContext(console, TimeProvider.System));
    }
}
