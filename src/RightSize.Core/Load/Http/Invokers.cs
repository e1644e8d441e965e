namespace RightSize.Load.Http;

/// <summary>Chooses the HTTP path for a target: the socket client for http://, HttpClient for https://.</summary>
public static class Invokers
{
    /// <summary>The per-request timeout when none is given, as SageMaker's invocation timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The client used for <paramref name="target"/> when none is asked for.</summary>
    public static LoadClient DefaultFor(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Scheme == Uri.UriSchemeHttp ? LoadClient.Socket : LoadClient.HttpClient;
    }

    /// <summary>
    /// An invoker factory for <paramref name="target"/>. Dispose it (it may be <see cref="IDisposable"/>) after the
    /// run. Asking for <see cref="LoadClient.Socket"/> with an https URL is a misuse and throws.
    /// </summary>
    public static IInvokerFactory Create(Uri target, string method = "POST", TimeSpan? timeout = null, LoadClient? client = null) =>
        (client ?? DefaultFor(target)) switch
        {
            LoadClient.Socket => new SocketInvokerFactory(target, method, timeout),
            _ => new HttpInvokerFactory(target, method, timeout),
        };
}
