using System.Net.Http.Headers;
using System.Net.Sockets;

namespace RightSize.Load.Http;

/// <summary>
/// One virtual user's HTTP client. Not thread-safe: a user sends one request at a time, which lets it reuse its
/// timeout source, its read buffer and the request content of each payload.
/// </summary>
internal sealed class HttpInvoker(HttpMessageInvoker client, Uri target, HttpMethod method, bool sendsBody, TimeSpan timeout)
    : IInvoker
{
    private readonly Dictionary<Payload, HttpContent> _contents = new(ReferenceEqualityComparer.Instance);
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly RequestTimeout _timeout = new(timeout);

    public ValueTask<InvocationOutcome> InvokeAsync(Payload payload, CancellationToken cancellationToken) =>
        _timeout.RunAsync((Invoker: this, Payload: payload), static (s, token) => new ValueTask<InvocationOutcome>(s.Invoker.SendAsync(s.Payload, token)), cancellationToken);

    public ValueTask DisposeAsync()
    {
        _timeout.Dispose();
        foreach (var content in _contents.Values)
        {
            content.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async Task<InvocationOutcome> SendAsync(Payload payload, CancellationToken token)
    {
        using var request = new HttpRequestMessage(method, target);
        if (sendsBody)
        {
            request.Content = ContentOf(payload);
        }

        try
        {
            using var response = await client.SendAsync(request, token);
            // Read the whole body: latency ends at the last byte, and the connection is only reusable once drained.
            await using (var body = await response.Content.ReadAsStreamAsync(token))
            {
                while (await body.ReadAsync(_buffer, token) > 0)
                {
                }
            }

            return OutcomeOf((int)response.StatusCode);
        }
        catch (OperationCanceledException)
        {
            return InvocationOutcome.Timeout;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return InvocationOutcome.ConnectionError;
        }
        finally
        {
            // The content is reused by the next request of this invoker; detach it so disposal does not touch it.
            request.Content = null;
        }
    }

    /// <summary>2xx succeeds, 5xx is a server error; anything else (4xx, and 1xx/3xx as redirects are not followed) is a client error.</summary>
    internal static InvocationOutcome OutcomeOf(int status) => status switch
    {
        >= 200 and < 300 => InvocationOutcome.Success,
        >= 500 => InvocationOutcome.ServerError,
        _ => InvocationOutcome.ClientError,
    };

    private HttpContent ContentOf(Payload payload)
    {
        if (!_contents.TryGetValue(payload, out var content))
        {
            content = new ReadOnlyMemoryContent(payload.Body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(payload.ContentType);
            _contents.Add(payload, content);
        }

        return content;
    }
}
