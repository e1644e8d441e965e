using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RightSize.Fleet.Tests.Infrastructure;

/// <summary>
/// A real <c>nats-server -js</c> on 127.0.0.1 and a free port, with its own JetStream store folder (and an optional
/// config file, e.g. users and permissions); killed and deleted on dispose.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private readonly StringBuilder _log = new();

    private Process? _process;

    private NatsServer(string folder, string address, int port)
    {
        Folder = folder;
        Address = address;
        Port = port;
    }

    public string Address { get; }

    public string Folder { get; }

    public int Port { get; }

    public string Url => $"nats://{Address}:{Port}";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the server and waits until it accepts connections; <paramref name="config"/> is nats-server.conf text;
    /// <paramref name="port"/> one a client was already told (e.g. <see cref="Coordinator.FreePort"/>), else a free one.
    /// </summary>
    public static async Task<NatsServer> StartAsync(string? config = null, string address = "127.0.0.1", int? port = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rightsize-nats-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (config is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "nats-server.conf"), config);
        }

        var server = new NatsServer(folder, address, port ?? Coordinator.FreePort());
        await server.LaunchAsync();
        return server;
    }

    /// <summary>kill -9 of the server, then the same server again: same port, same JetStream store (the agents' registry survives).</summary>
    public async Task RestartAsync()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_log)
        {
            _log.Clear();
        }

        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var start = new ProcessStartInfo("nats-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-js", "-a", Address, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", Path.Combine(Folder, "store") })
        {
            start.ArgumentList.Add(arg);
        }

        var config = Path.Combine(Folder, "nats-server.conf");
        if (File.Exists(config))
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(config);
        }

        var process = Process.Start(start)!;
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Poll.UntilAsync(() => Task.FromResult(Log.Contains("Server is ready", StringComparison.Ordinal) || process.HasExited),
            TimeSpan.FromSeconds(30), "nats-server to start");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"nats-server exited: {Log}");
        }

        // "Ready" in its log, then a client's view: a connection from this host that gets the server's INFO line. A
        // coordinator once failed to connect right after "ready" on a test bridge's address (CI, a quiet host).
        await Poll.UntilAsync(async () => process.HasExited || await GreetsAsync(), TimeSpan.FromSeconds(30), $"nats-server to greet a client at {Url}");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"nats-server exited: {Log}");
        }
    }

    private async Task<bool> GreetsAsync()
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Parse(Address), Port, timeout.Token);
            var greeting = new byte[4];
            var read = await client.GetStream().ReadAtLeastAsync(greeting, greeting.Length, throwOnEndOfStream: false, timeout.Token);
            return read == greeting.Length && Encoding.ASCII.GetString(greeting) == "INFO";
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
