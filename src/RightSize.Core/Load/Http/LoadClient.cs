namespace RightSize.Load.Http;

/// <summary>Which HTTP client virtual users send through.</summary>
public enum LoadClient
{
    /// <summary>RightSize's own HTTP/1.1 client over sockets (<see cref="SocketInvokerFactory"/>): http:// only, the fastest.</summary>
    Socket,

    /// <summary>.NET's HttpClient (<see cref="HttpInvokerFactory"/>): https and every HTTP feature, at several times the CPU per request.</summary>
    HttpClient,
}
