using System.Collections.Concurrent;
using System.Net.Sockets;

namespace RightSize.Load.Http.Epoll;

/// <summary>
/// Streamed HTTP/1.1 exchanges (POST) with one http:// URL over <see cref="EpollStream"/> connections: epoll loops, one
/// thread per core the process may use (a generator pinned to one core gets one), connections spread over them
/// round-robin and kept alive between exchanges. Linux only. Dispose it after the run: that stops the loops and closes
/// every connection.
/// </summary>
internal sealed class EpollStreamClient : IDisposable
{
    private readonly Http1Request _request;
    private readonly TimeProvider _time;
    private readonly EpollLoop[] _loops;
    private readonly ConcurrentStack<EpollStream> _idle = new();
    private int _next;

    /// <param name="timeout">How long one exchange may take, connecting and the whole stream included.</param>
    /// <param name="time">The clock of the timestamps handed to readers (deadlines are on the system clock).</param>
    public EpollStreamClient(Uri url, TimeSpan timeout, TimeProvider time)
    {
        _request = new Http1Request(url, "POST", timeout);
        _time = time;
        // Environment.ProcessorCount honours the process's CPU affinity (taskset).
        _loops = new EpollLoop[Environment.ProcessorCount];
        for (var i = 0; i < _loops.Length; i++)
        {
            _loops[i] = new EpollLoop($"rightsize-stream-{i}", timeout);
        }
    }

    /// <summary>A whole request: the URL's head, <paramref name="headers"/>, and the body.</summary>
    public byte[] Request(ReadOnlySpan<byte> body, string contentType, IReadOnlyList<(string Name, string Value)> headers) =>
        _request.Serialise(body, contentType, headers);

    /// <summary>Sends <paramref name="request"/> and hands the response to <paramref name="reader"/> as it arrives, on a loop thread.</summary>
    public async Task<Http1StreamEnd> SendAsync(byte[] request, IHttp1StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            await _request.ResolveAsync(cancellationToken);
        }
        catch (SocketException e)
        {
            return new Http1StreamEnd(Http1StreamOutcome.ConnectionError, $"could not resolve {_request.Target.IdnHost}: {e.Message}");
        }

        if (!_idle.TryPop(out var stream))
        {
            var loop = _loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)_loops.Length)];
            stream = new EpollStream(this, _request, loop, _time);
        }

        return await stream.ExchangeAsync(request, reader, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }

    /// <summary>A connection whose exchange ended with the connection open: the next exchange may take it.</summary>
    internal void Idle(EpollStream stream) => _idle.Push(stream);
}
