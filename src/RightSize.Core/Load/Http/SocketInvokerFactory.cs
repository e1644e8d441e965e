using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace RightSize.Load.Http;

/// <summary>
/// Makes invokers that speak HTTP/1.1 straight over sockets: each owns one keep-alive connection and sends requests
/// serialised once per payload, so the generator spends its CPU on the target, not on itself (HttpClient costs several
/// times more per request). Plain http:// only; <see cref="HttpInvokerFactory"/> covers https.
/// </summary>
public sealed class SocketInvokerFactory : IInvokerFactory
{
    private readonly ConcurrentDictionary<Payload, byte[]> _requests = new(ReferenceEqualityComparer.Instance);
    private readonly string _head;
    private readonly string _host;
    private readonly int _port;
    private IPAddress[]? _addresses;

    /// <param name="target">An http:// URL every request goes to.</param>
    /// <param name="method">The HTTP method; requests other than POST, PUT and PATCH are sent without a body.</param>
    /// <param name="timeout">How long one request may take, connecting and reading the whole response included.</param>
    public SocketInvokerFactory(Uri target, string method = "POST", TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        if (!target.IsAbsoluteUri || target.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"'{target}' is not an http:// URL; use HttpInvokerFactory for https", nameof(target));
        }

        Timeout = timeout ?? Invokers.DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero);
        Method = method.ToUpperInvariant();
        SendsBody = Method is "POST" or "PUT" or "PATCH";
        _host = target.IdnHost;
        _port = target.Port;
        _head = $"{Method} {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nUser-Agent: rightsize\r\n";
        if (IPAddress.TryParse(_host, out var literal))
        {
            _addresses = [literal];
        }
    }

    internal TimeSpan Timeout { get; }

    internal string Method { get; }

    internal bool SendsBody { get; }

    public IInvoker CreateInvoker() => new SocketInvoker(this);

    /// <summary>The whole request for <paramref name="payload"/>, built once and shared by every invoker.</summary>
    internal byte[] RequestFor(Payload payload) =>
        _requests.GetOrAdd(payload, static (p, self) => self.Serialise(p), this);

    internal async ValueTask<Http1Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        // Resolved once; a failed lookup is retried by the next connection instead of failing the whole run.
        var addresses = _addresses ??= await Dns.GetHostAddressesAsync(_host, cancellationToken);
        return await Http1Connection.ConnectAsync(addresses, _port, cancellationToken);
    }

    private byte[] Serialise(Payload payload)
    {
        var head = SendsBody
            ? $"{_head}Content-Type: {payload.ContentType}\r\nContent-Length: {payload.Body.Length}\r\n\r\n"
            : $"{_head}\r\n";
        var bytes = new byte[Encoding.ASCII.GetByteCount(head) + (SendsBody ? payload.Body.Length : 0)];
        var written = Encoding.ASCII.GetBytes(head, bytes);
        if (SendsBody)
        {
            payload.Body.Span.CopyTo(bytes.AsSpan(written));
        }

        return bytes;
    }
}
