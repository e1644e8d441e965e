using System.Diagnostics;
using System.Globalization;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints;

namespace RightSize.Core.Tests.Endpoints;

/// <summary>
/// A real process whose parent does not wait for it: once killed it stays a zombie, with its pid and start time, as a
/// kill -9'd RightSize does until its parent (a shell, a container's or sandbox's init) reaps it. Disposing has the
/// parent kill and reap it, then exit, so nothing outlives the test.
/// </summary>
internal sealed class UnreapedChild : IDisposable
{
    // .NET reaps the children it starts itself, so the zombie needs a parent of its own: this one forks the child,
    // prints its pid, and waits for it only when its stdin closes.
    private const string Parent = """
        import os, signal, sys
        child = os.fork()
        if child == 0:
            signal.pause()
            os._exit(0)
        print(child, flush=True)
        sys.stdin.read()
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        """;

    private readonly Process _parent;

    private UnreapedChild(Process parent, int pid, long startTicks)
    {
        _parent = parent;
        Pid = pid;
        StartTicks = startTicks;
    }

    public int Pid { get; }

    public long StartTicks { get; }

    public static async Task<UnreapedChild> StartAsync()
    {
        var parent = Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", Parent },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        var line = await parent.StandardOutput.ReadLineAsync();
        if (int.TryParse(line, CultureInfo.InvariantCulture, out var pid) && ProcessTree.StartTicks(pid) is { } start)
        {
            return new UnreapedChild(parent, pid, start);
        }

        parent.Kill(entireProcessTree: true);
        parent.Dispose();
        throw new InvalidOperationException($"python3 did not report its child's pid (it printed '{line}')");
    }

    /// <summary>SIGKILLs the child and waits until it is a zombie: dead, but not yet waited for.</summary>
    public async Task KillAsync()
    {
        using (var child = Process.GetProcessById(Pid))
        {
            child.Kill();
        }

        await Poll.UntilAsync(
            () => File.ReadAllText($"/proc/{Pid}/status").Contains("State:\tZ", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the child to be a zombie");
    }

    public void Dispose()
    {
        _parent.StandardInput.Close();
        if (!_parent.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _parent.Kill(entireProcessTree: true);
        }

        _parent.Dispose();
    }
}
