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
    private readonly bool _head = factory.Method == "HEAD";
    private Http1Connection? _connection;
    private CancellationTokenSource _timeoutSource = new();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<InvocationOutcome> InvokeAsync(Payload payload, CancellationToken cancellationToken)
    {
        var request = factory.RequestFor(payload);
        var timeoutSource = _timeoutSource;
        timeoutSource.CancelAfter(factory.Timeout);
        InvocationOutcome outcome;
        try
        {
            // Cancelling the reused source from the caller's token avoids a linked source per request.
            using (cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timeoutSource))
            {
                outcome = await ExchangeAsync(request, timeoutSource.Token);
            }
        }
        finally
        {
            if (!timeoutSource.TryReset())
            {
                timeoutSource.Dispose();
                _timeoutSource = new CancellationTokenSource();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return outcome;
    }

    public ValueTask DisposeAsync()
    {
        Close();
        _timeoutSource.Dispose();
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
                    var response = await connection.ReadResponseAsync(_head, token);
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
