using System.Net;

namespace RightSize.Load.Http.Epoll;

/// <summary>
/// Makes invokers that speak HTTP/1.1 over non-blocking sockets driven by epoll loops, one loop thread per core (or
/// <c>loops</c>), users spread over them round-robin: the way wrk spends its CPU, so the generator stays cheap next to
/// the target. Plain http:// on Linux only. Dispose it after the run: that stops the loops and closes what is left.
/// </summary>
internal sealed class EpollInvokerFactory : IInvokerFactory, IDisposable
{
    private readonly Http1Request _request;
    private readonly EpollLoop[] _loops;
    private readonly string _host;
    private IPAddress[]? _addresses;
    private int _next;

    public EpollInvokerFactory(Http1Request request, int? loops = null)
    {
        _request = request;
        _host = request.Target.IdnHost;
        Port = request.Target.Port;
        if (IPAddress.TryParse(_host, out var literal))
        {
            _addresses = [literal];
        }

        var count = loops ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _loops = new EpollLoop[count];
        for (var i = 0; i < count; i++)
        {
            _loops[i] = new EpollLoop($"rightsize-http-{i}", request.Timeout);
        }
    }

    public TimeSpan Timeout => _request.Timeout;

    public bool IsHead => _request.IsHead;

    public int Port { get; }

    /// <summary>The target's addresses, resolved once; none when the name does not resolve (every connect then fails).</summary>
    public IPAddress[] Addresses => _addresses ?? [];

    public IInvoker CreateInvoker()
    {
        // Resolved here, on the engine's thread, so a slow name lookup never stalls a loop.
        _addresses ??= Resolve(_host);
        var loop = _loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)_loops.Length)];
        return new EpollInvoker(this, loop);
    }

    public byte[] RequestFor(Payload payload) => _request.For(payload);

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }

    private static IPAddress[]? Resolve(string host)
    {
        try
        {
            return Dns.GetHostAddresses(host);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
