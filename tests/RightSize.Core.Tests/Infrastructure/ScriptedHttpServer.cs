using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RightSize.Core.Tests.Infrastructure;

/// <summary>
/// A TCP server on 127.0.0.1 (a free port) that answers HTTP requests with raw bytes from a script, for the framing
/// cases a real server rarely produces: chunks split anywhere, interim responses, bodies that run until close,
/// garbage, and connections closed without notice.
/// </summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ScriptedExchange, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _connectionCount;

    /// <param name="respond">Writes the answer to one request; it may close the connection.</param>
    public ScriptedHttpServer(Func<ScriptedExchange, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/invocations");

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connectionCount);

    /// <summary>Every request received, head and body, as text.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var number = Interlocked.Increment(ref _connectionCount);
                lock (_connections)
                {
                    _connections.Add(ServeAsync(client, number));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client, int number)
    {
        using (client)
        {
            var stream = client.GetStream();
            var index = 0;
            try
            {
                while (await ReadRequestAsync(stream) is { } request)
                {
                    _requests.Enqueue(request);
                    var exchange = new ScriptedExchange(stream, client, request, index++, number);
                    await _respond(exchange);
                    if (exchange.Closed)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The client went away.
            }
        }
    }

    private async Task<string?> ReadRequestAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (!EndsWithBlankLine(bytes))
        {
            if (await stream.ReadAsync(buffer, _stop.Token) == 0)
            {
                return null;
            }

            bytes.Add(buffer[0]);
        }

        var head = Encoding.ASCII.GetString([.. bytes]);
        var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } field
            ? int.Parse(field["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return head + Encoding.ASCII.GetString(body);
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';
}

/// <summary>One request to answer: write raw bytes (in pieces if wanted), or close the connection.</summary>
public sealed class ScriptedExchange(NetworkStream stream, TcpClient client, string request, int indexOnConnection, int connection)
{
    public string Request { get; } = request;

    /// <summary>0 for the first request on its connection.</summary>
    public int IndexOnConnection { get; } = indexOnConnection;

    /// <summary>The 1-based number of the connection it came on.</summary>
    public int Connection { get; } = connection;

    public bool Closed { get; private set; }

    /// <summary>Writes <paramref name="text"/> in pieces of <paramref name="pieceBytes"/>, each sent on its own.</summary>
    public async Task WriteAsync(string text, int pieceBytes = int.MaxValue)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        for (var i = 0; i < bytes.Length; i += pieceBytes)
        {
            await stream.WriteAsync(bytes.AsMemory(i, Math.Min(pieceBytes, bytes.Length - i)));
            await stream.FlushAsync();
        }
    }

    public void Close()
    {
        Closed = true;
        client.Client.Shutdown(SocketShutdown.Both);
        client.Close();
    }
}
