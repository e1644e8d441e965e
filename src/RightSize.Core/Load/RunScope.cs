using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace RightSize.Load;

/// <summary>
/// The cancellation scope of one engine run: the caller's token plus an abort raised when a user hits an unexpected
/// exception (a bug in an invoker), so one broken user ends the run instead of skewing it silently.
/// </summary>
internal sealed class RunScope : IDisposable
{
    private readonly CancellationTokenSource _abort;
    private ExceptionDispatchInfo? _fault;

    public RunScope(CancellationToken cancellationToken) =>
        _abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

    /// <summary>Cancelled when the caller cancels or a user faults; it aborts in-flight requests.</summary>
    public CancellationToken Token => _abort.Token;

    /// <summary>Sends one invocation and records it; false when the run was cancelled meanwhile (nothing recorded).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> InvokeAsync(IInvoker invoker, Payload payload, long startTimestamp, LoadRecorder recorder)
    {
        try
        {
            var outcome = await invoker.InvokeAsync(payload, Token);
            recorder.Record(startTimestamp, recorder.TimeProvider.GetTimestamp(), outcome);
            return true;
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            await FaultAsync(e);
            return false;
        }
    }

    /// <summary>Keeps the first unexpected exception and aborts the run.</summary>
    public async Task FaultAsync(Exception exception)
    {
        Interlocked.CompareExchange(ref _fault, ExceptionDispatchInfo.Capture(exception), null);
        await _abort.CancelAsync();
    }

    /// <summary>Rethrows the first unexpected exception of a user, if any.</summary>
    public void ThrowIfFaulted() => _fault?.Throw();

    public void Dispose() => _abort.Dispose();
}
