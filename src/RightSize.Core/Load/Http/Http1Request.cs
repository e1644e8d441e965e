using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RightSize.Load.Http;

/// <summary>
/// What every request of a run shares (target and its addresses, method, timeout), and each payload's whole request (request line, Host,
/// User-Agent, Content-Type, Content-Length, body) serialised once and shared by every invoker.
/// </summary>
internal sealed class Http1Request
{
    private readonly ConcurrentDictionary<Payload, byte[]> _requests = new(ReferenceEqualityComparer.Instance);
    private readonly string _head;
    private readonly bool _sendsBody;
    private IPAddress[]? _addresses;

    /// <param name="target">An http:// URL every request goes to.</param>
    /// <param name="method">The HTTP method; requests other than POST, PUT and PATCH are sent without a body.</param>
    /// <param name="timeout">How long one request may take, connecting and reading the whole response included.</param>
    public Http1Request(Uri target, string method, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        if (!target.IsAbsoluteUri || target.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"'{target}' is not an http:// URL; use HttpInvokerFactory for https", nameof(target));
        }

        Timeout = timeout ?? Invokers.DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero);
        Target = target;
        TimeoutTimestampTicks = (long)(Timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        if (IPAddress.TryParse(target.IdnHost, out var literal))
        {
            _addresses = [literal];
        }

        var verb = method.ToUpperInvariant();
        IsHead = verb == "HEAD";
        _sendsBody = verb is "POST" or "PUT" or "PATCH";
        _head = $"{verb} {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nUser-Agent: rightsize\r\n";
    }

    public Uri Target { get; }

    public TimeSpan Timeout { get; }

    /// <summary><see cref="Timeout"/> in <see cref="TimeProvider.System"/> timestamp units, for deadlines.</summary>
    public long TimeoutTimestampTicks { get; }

    /// <summary>The target's addresses once known (an IP literal, or resolved), else none: every connect then fails.</summary>
    public IPAddress[] Addresses => _addresses ?? [];

    /// <summary>A response to HEAD has no body, whatever its headers say.</summary>
    public bool IsHead { get; }

    /// <summary>Resolves the target's name once; a failed lookup leaves it unresolved for the next caller to try.</summary>
    public void Resolve()
    {
        try
        {
            _addresses ??= Dns.GetHostAddresses(Target.IdnHost);
        }
        catch (SocketException)
        {
            // Connects fail as connection errors until a lookup succeeds.
        }
    }

    /// <inheritdoc cref="Resolve"/>
    public async ValueTask<IPAddress[]> ResolveAsync(CancellationToken cancellationToken) =>
        _addresses ??= await Dns.GetHostAddressesAsync(Target.IdnHost, cancellationToken);

    public byte[] For(Payload payload) => _requests.GetOrAdd(payload, static (p, self) => self.Serialise(p.Body.Span, p.ContentType, []), this);

    /// <summary>One request, not kept: the head, <paramref name="headers"/>, and (for a method that sends one) the body.</summary>
    public byte[] Serialise(ReadOnlySpan<byte> body, string contentType, IReadOnlyList<(string Name, string Value)> headers)
    {
        var head = new StringBuilder(_head);
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (_sendsBody)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\nContent-Length: ")
                .Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        var text = head.Append("\r\n").ToString();
        var bytes = new byte[Encoding.ASCII.GetByteCount(text) + (_sendsBody ? body.Length : 0)];
        var written = Encoding.ASCII.GetBytes(text, bytes);
        if (_sendsBody)
        {
            body.CopyTo(bytes.AsSpan(written));
        }

        return bytes;
    }
}
