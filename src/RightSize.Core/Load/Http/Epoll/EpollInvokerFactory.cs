namespace RightSize.Load.Http.Epoll;

/// <summary>
/// Makes invokers that speak HTTP/1.1 over non-blocking sockets driven by epoll loops, one loop thread per core,
/// users spread over them round-robin: the way wrk spends its CPU, so the generator stays cheap next to
/// the target. Plain http:// on Linux only. Dispose it after the run: that stops the loops and closes what is left.
/// </summary>
internal sealed class EpollInvokerFactory : IInvokerFactory, IDisposable
{
    private readonly Http1Request _request;
    private readonly EpollLoop[] _loops;
    private int _next;

    public EpollInvokerFactory(Http1Request request)
    {
        _request = request;
        // Environment.ProcessorCount honours the process's CPU affinity (taskset), so a pinned generator gets one loop.
        var count = Environment.ProcessorCount;
        _loops = new EpollLoop[count];
        for (var i = 0; i < count; i++)
        {
            _loops[i] = new EpollLoop($"rightsize-http-{i}", request.Timeout);
        }
    }

    public IInvoker CreateInvoker()
    {
        // Resolved here, on the engine's thread, so a slow name lookup never stalls a loop.
        _request.Resolve();
        var loop = _loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)_loops.Length)];
        return new EpollInvoker(_request, loop);
    }

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }
}
