using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using RightSize.Load;
using RightSize.Load.Http;

namespace RightSize.Benchmarks.Load;

/// <summary>
/// One request and its whole response over a keep-alive loopback connection, through each HTTP path, against a
/// server that answers from a fixed buffer and allocates nothing, so time and allocations are the client's (and the
/// kernel's loopback, the same for both).
/// </summary>
[MemoryDiagnoser]
public class InvokerBenchmarks
{
    private static readonly byte[] Response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"u8.ToArray();
    private static readonly Payload Csv = new("5.1,3.5,1.4,0.2"u8.ToArray(), "text/csv");

    private Socket _listener = null!;
    private CancellationTokenSource _stop = null!;
    private IInvoker _socket = null!;
    private IInvoker _httpClient = null!;
    private HttpInvokerFactory _httpClientFactory = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _stop = new CancellationTokenSource();
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _ = AcceptAsync();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/invocations");
        _socket = new SocketInvokerFactory(url).CreateInvoker();
        _httpClientFactory = new HttpInvokerFactory(url);
        _httpClient = _httpClientFactory.CreateInvoker();
        // Open both connections before measuring.
        await _socket.InvokeAsync(Csv, CancellationToken.None);
        await _httpClient.InvokeAsync(Csv, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _stop.CancelAsync();
        await _socket.DisposeAsync();
        await _httpClient.DisposeAsync();
        _httpClientFactory.Dispose();
        _listener.Dispose();
        _stop.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<InvocationOutcome> HttpClient() => _httpClient.InvokeAsync(Csv, CancellationToken.None);

    [Benchmark]
    public ValueTask<InvocationOutcome> Socket() => _socket.InvokeAsync(Csv, CancellationToken.None);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                _ = ServeAsync(await _listener.AcceptAsync(_stop.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    // Answers each request once all of it (head and Content-Length body) has arrived, however it was split.
    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            var buffer = new byte[64 * 1024];
            var filled = 0;
            try
            {
                int received;
                while ((received = await connection.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token)) > 0)
                {
                    filled += received;
                    int length;
                    while ((length = RequestLength(buffer.AsSpan(0, filled))) > 0)
                    {
                        await connection.SendAsync(Response.AsMemory(), SocketFlags.None, _stop.Token);
                        buffer.AsSpan(length, filled - length).CopyTo(buffer);
                        filled -= length;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // Stopped.
            }
        }
    }

    /// <summary>The length of the first complete request in <paramref name="data"/>, or 0 if it is not all there.</summary>
    private static int RequestLength(ReadOnlySpan<byte> data)
    {
        var headEnd = data.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return 0;
        }

        var head = data[..headEnd];
        var field = head.IndexOf("Content-Length: "u8);
        var body = 0;
        if (field >= 0)
        {
            var value = head[(field + 16)..];
            var end = value.IndexOf((byte)'\r');
            System.Buffers.Text.Utf8Parser.TryParse(end < 0 ? value : value[..end], out body, out _);
        }

        var length = headEnd + 4 + body;
        return data.Length >= length ? length : 0;
    }
}
