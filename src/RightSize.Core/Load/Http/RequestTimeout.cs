using System.Runtime.CompilerServices;

namespace RightSize.Load.Http;

/// <summary>
/// One invoker's per-request timeout: a cancellation source reused from request to request (reset after each, replaced
/// only after it fired), also cancelled by the caller's token, so a request needs no linked source of its own.
/// </summary>
internal sealed class RequestTimeout(TimeSpan timeout) : IDisposable
{
    private CancellationTokenSource _source = new();

    /// <summary>
    /// Runs <paramref name="send"/> with a token that fires after the timeout or when <paramref name="cancellationToken"/>
    /// does; throws <see cref="OperationCanceledException"/> only for the latter.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<InvocationOutcome> RunAsync<TState>(
        TState state, Func<TState, CancellationToken, ValueTask<InvocationOutcome>> send, CancellationToken cancellationToken)
    {
        var source = _source;
        source.CancelAfter(timeout);
        InvocationOutcome outcome;
        try
        {
            using (cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source))
            {
                outcome = await send(state, source.Token);
            }
        }
        finally
        {
            if (!source.TryReset())
            {
                source.Dispose();
                _source = new CancellationTokenSource();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return outcome;
    }

    public void Dispose() => _source.Dispose();
}
