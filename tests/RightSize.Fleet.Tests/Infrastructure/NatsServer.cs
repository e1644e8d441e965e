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
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private NatsServer(Process process, string folder, string address, int port)
    {
        _process = process;
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

    /// <summary>Starts the server and waits until it accepts connections; <paramref name="config"/> is nats-server.conf text.</summary>
    public static async Task<NatsServer> StartAsync(string? config = null, string address = "127.0.0.1")
    {
        var folder = Path.Combine(Path.GetTempPath(), "rightsize-nats-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var start = new ProcessStartInfo("nats-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-js", "-a", address, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", Path.Combine(folder, "store") })
        {
            start.ArgumentList.Add(arg);
        }

        if (config is not null)
        {
            var file = Path.Combine(folder, "nats-server.conf");
            await File.WriteAllTextAsync(file, config);
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(file);
        }

        var server = new NatsServer(Process.Start(start)!, folder, address, port);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await Poll.UntilAsync(() => Task.FromResult(server.Log.Contains("Server is ready", StringComparison.Ordinal) || server._process.HasExited),
            TimeSpan.FromSeconds(30), "nats-server to start");
        if (server._process.HasExited)
        {
            throw new InvalidOperationException($"nats-server exited: {server.Log}");
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
