using System.Diagnostics;
using System.Text;

namespace RightSize.Fleet.Tests.Infrastructure;

/// <summary>A real <c>rightsize</c> child process (e.g. <c>agent</c>), with its output kept for assertions.</summary>
internal sealed class RightSizeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RightSizeProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>rightsize args...</c>, optionally prefixed (e.g. by <c>ip netns exec NAME</c>).</summary>
    public static RightSizeProcess Start(IEnumerable<string> args, IEnumerable<string>? prefix = null, IDictionary<string, string>? environment = null)
    {
        var command = (prefix ?? []).Concat(["dotnet", Path.Combine(AppContext.BaseDirectory, "rightsize.dll")]).Concat(args).ToList();
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        command.Skip(1).ToList().ForEach(start.ArgumentList.Add);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new RightSizeProcess(Process.Start(start)!);
        process._process.OutputDataReceived += (_, e) => process.Append(e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Append(e.Data);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// A <c>rightsize agent</c> on <paramref name="natsUrl"/> with the default heartbeat TTL (15 s), which a stall of a
    /// loaded host survives; a killed agent is still noticed at once (its NATS connection closes).
    /// </summary>
    public static RightSizeProcess Agent(string natsUrl, string id, string instanceType, string roles, IDictionary<string, string>? environment = null) =>
        Start(["agent", "--nats", natsUrl, "--id", id, "--instance-type", instanceType, "--roles", roles], environment: environment);

    /// <summary>Runs <c>rightsize args...</c> to its end (at most a minute) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        await using var process = Start(args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process._process.WaitForExitAsync(timeout.Token);
        return (process._process.ExitCode, process.Output);
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
