using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace RightSize.Load.Http;

/// <summary>
/// One virtual user's HTTP/1.1 connection. Not thread-safe: a user sends one request at a time. The connection is
/// opened on first use, kept alive, and replaced after anything that leaves it in an unknown state (a timeout, an
/// error, or a response that closes it).
/// </summary>
internal sealed class SocketInvoker(SocketInvokerFactory factory) : IInvoker
{
    private readonly Http1Request _request = factory.Request;
    private Http1Connection? _connection;
    private readonly RequestTimeout _timeout = new(factory.Request.Timeout);

    public ValueTask<InvocationOutcome> InvokeAsync(Payload payload, CancellationToken cancellationToken) =>
        _timeout.RunAsync((Invoker: this, Request: _request.For(payload)), static (s, token) => s.Invoker.ExchangeAsync(s.Request, token), cancellationToken);

    public ValueTask DisposeAsync()
    {
        Close();
        _timeout.Dispose();
        return ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<InvocationOutcome> ExchangeAsync(byte[] request, CancellationToken token)
    {
        try
        {
            while (true)
            {
                var reused = _connection is not null;
                var connection = _connection ??= await factory.ConnectAsync(token);
                try
                {
                    await connection.SendAsync(request, token);
                    var response = await connection.ReadResponseAsync(_request.IsHead, token);
                    if (!response.KeepAlive)
                    {
                        Close();
                    }

                    return HttpInvoker.OutcomeOf(response.Status);
                }
                catch (Exception e) when (reused && !connection.ResponseStarted && e is IOException or SocketException)
                {
                    // The server closed the idle keep-alive connection before it read this request (as HttpClient
                    // does, send it again once, on a new connection; a new connection is never retried).
                    Close();
                }
            }
        }
        catch (OperationCanceledException)
        {
            Close();
            return InvocationOutcome.Timeout;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            Close();
            return InvocationOutcome.ConnectionError;
        }
    }

    private void Close()
    {
        _connection?.Dispose();
        _connection = null;
    }
}
