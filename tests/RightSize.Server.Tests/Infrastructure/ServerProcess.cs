using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RightSize.Server.Tests.Infrastructure;

/// <summary>A real <c>rightsize serve</c> child process on 127.0.0.1, with its output kept for assertions.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly string EndpointState = RightSize.Endpoints.StateFolder.Default;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process) => _process = process;

    public int Id => _process.Id;

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

    public static ServerProcess Start(string folder, string url)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rightsize.dll"), "serve", "--urls", url, "--data", Path.Combine(folder, "data"),
            "--workspace", Path.Combine(folder, "rightsize.json"), "--relaxed-validation" })
        {
            start.ArgumentList.Add(arg);
        }

        var server = new ServerProcess(Process.Start(start)!);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM, as systemd or docker stop do, and waits (at most <paramref name="timeout"/>) for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
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

    public static async Task<bool> RespondsAsync(SageMakerHttp api)
    {
        try
        {
            return (await api.CallAsync("ListModels", "{}")).Status == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The local endpoints the server started. Pid files read "pid start owner ownerStart" (LocalProcessReaper).</summary>
    public List<int> Endpoints() => [.. Directory.EnumerateFiles(EndpointState, "*.pid")
        .Select(f => File.ReadAllText(f).Split(' '))
        .Where(p => p.Length == 4 && p[2] == Id.ToString(CultureInfo.InvariantCulture))
        .Select(p => int.Parse(p[0], CultureInfo.InvariantCulture))];

    public static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);

    public static string FreeUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
