using Spectre.Console;

namespace RightSize.Cli;

/// <summary>What every command writes to and reads the time from; tests pass a recording console.</summary>
internal sealed record CliContext(IAnsiConsole Console, TimeProvider Time)
{
    /// <summary>Plain stdout for machine-readable output (--json), kept free of markup and live rendering.</summary>
    public TextWriter Out { get; init; } = System.Console.Out;

    /// <summary>Where the working directory is: relative paths and the default rightsize.json resolve against it.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;
}
