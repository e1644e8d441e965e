using System.Diagnostics;
using System.Text;

namespace RightSize.Packaging.Tests.Infrastructure;

/// <summary>What a finished child process printed and how it exited.</summary>
internal sealed record CommandResult(string FileName, int ExitCode, string Output)
{
    /// <summary>Throws with everything the command printed unless it exited 0.</summary>
    public CommandResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"{FileName} exited {ExitCode}:\n{Output}");
        return this;
    }
}

/// <summary>Runs real commands (dotnet, docker, aws, scripts) to completion with a deadline, stdout and stderr merged.</summary>
internal static class Command
{
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish in {timeout.TotalSeconds} s:\n{Text()}");
        }

        // WaitForExitAsync returns after the streams are drained, so the output is complete here.
        return new CommandResult($"{fileName} {string.Join(' ', info.ArgumentList)}", process.ExitCode, Text());

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}
