namespace RightSize.Load.Http;

/// <summary>
/// Makes HTTP invokers that share one connection pool: each in-flight request holds its own keep-alive connection,
/// so N busy users keep N connections open, as wrk and hey do.
/// </summary>
public sealed class HttpInvokerFactory : IInvokerFactory, IDisposable
{
    private readonly HttpMessageInvoker _client;
    private readonly Uri _target;
    private readonly HttpMethod _method;
    private readonly TimeSpan _timeout;

    /// <param name="target">The URL every request goes to (an endpoint's <c>/invocations</c> or any URL).</param>
    /// <param name="method">The HTTP method; requests other than POST, PUT and PATCH are sent without a body.</param>
    /// <param name="timeout">How long one request may take, connecting and reading the whole response included.</param>
    public HttpInvokerFactory(Uri target, string method = "POST", TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        _timeout = timeout ?? Invokers.DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_timeout, TimeSpan.Zero);
        _target = target;
        _method = HttpMethod.Parse(method);
        _client = new HttpMessageInvoker(LoadHttpHandler.Create(), disposeHandler: true);
    }

    public IInvoker CreateInvoker() => new HttpInvoker(_client, _target, _method, SendsBody(_method), _timeout);

    public void Dispose() => _client.Dispose();

    private static bool SendsBody(HttpMethod method) =>
        method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch;
}
