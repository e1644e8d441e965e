using Spectre.Console;

namespace RightSize.Cli.Tests.Infrastructure;

/// <summary>Runs the real command tree in-process with a recording console, in a temporary working directory.</summary>
internal sealed class CliRun : IDisposable
{
    public CliRun()
    {
        Directory.CreateDirectory(WorkingDirectory);
    }

    public string WorkingDirectory { get; } = Path.Combine(Path.GetTempPath(), "rightsize-cli-tests", Guid.NewGuid().ToString("N"));

    public StringWriter Console { get; } = new();

    public StringWriter Out { get; } = new();

    public string Text => Console.ToString();

    public string Write(string fileName, string content)
    {
        var path = Path.Combine(WorkingDirectory, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(params string[] parts) => Path.Combine([WorkingDirectory, .. parts]);

    public Task<int> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console),
        });
        console.Profile.Width = 240;
        var context = new CliContext(console, TimeProvider.System) { Out = Out, WorkingDirectory = WorkingDirectory };
        return CliApp.RunAsync(args, context, cancellationToken);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
