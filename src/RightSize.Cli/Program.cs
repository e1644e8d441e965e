using Spectre.Console;

namespace RightSize.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) => CliApp.RunAsync(args, new CliContext(AnsiConsole.Console, TimeProvider.System));
}
