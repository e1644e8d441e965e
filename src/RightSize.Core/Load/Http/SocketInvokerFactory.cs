using RightSize.Load.Http.Epoll;

namespace RightSize.Load.Http;

/// <summary>
/// Makes invokers that speak HTTP/1.1 straight over sockets: each owns one keep-alive connection and sends requests
/// serialised once per payload, so the generator spends its CPU on the target, not on itself. On Linux the sockets
/// are driven by RightSize's own epoll loops (one thread per core, as wrk); elsewhere by .NET's <c>Socket</c>.
/// Plain http:// only; <see cref="HttpInvokerFactory"/> covers https. Dispose it after the run.
/// </summary>
public sealed class SocketInvokerFactory : IInvokerFactory, IDisposable
{
    private readonly Http1Request _request;
    private readonly EpollInvokerFactory? _epoll;

    /// <param name="target">An http:// URL every request goes to.</param>
    /// <param name="method">The HTTP method; requests other than POST, PUT and PATCH are sent without a body.</param>
    /// <param name="timeout">How long one request may take, connecting and reading the whole response included.</param>
    public SocketInvokerFactory(Uri target, string method = "POST", TimeSpan? timeout = null)
        : this(target, method, timeout, Libc.IsSupported)
    {
    }

    /// <param name="epoll">False for .NET's <c>Socket</c> even where epoll is available (tests run both).</param>
    internal SocketInvokerFactory(Uri target, string method, TimeSpan? timeout, bool epoll)
    {
        _request = new Http1Request(target, method, timeout);
        _epoll = epoll ? new EpollInvokerFactory(_request) : null;
    }

    internal Http1Request Request => _request;

    public IInvoker CreateInvoker() => _epoll?.CreateInvoker() ?? new SocketInvoker(this);

    public void Dispose() => _epoll?.Dispose();

    internal async ValueTask<Http1Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        var addresses = await _request.ResolveAsync(cancellationToken);
        return await Http1Connection.ConnectAsync(addresses, _request.Target.Port, cancellationToken);
    }
}
