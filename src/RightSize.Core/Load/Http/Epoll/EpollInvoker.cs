using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace RightSize.Load.Http.Epoll;

/// <summary>
/// One virtual user's HTTP/1.1 connection, driven by its <see cref="EpollLoop"/>: a non-blocking socket, the
/// pre-serialised request, a receive buffer and a response parser. Everything but <see cref="InvokeAsync"/> and
/// <see cref="DisposeAsync"/> runs on the loop thread. One request at a time; nothing is allocated per request.
/// </summary>
internal sealed partial class EpollInvoker : EpollConnection, IInvoker, IValueTaskSource<InvocationOutcome>
{
    private ManualResetValueTaskSourceCore<InvocationOutcome> _completion;
    private Http1Buffer _buffer = new();
    private Http1ResponseParser _parser;
    private CancellationToken _token;
    private CancellationTokenRegistration _registration;
    private bool _reused;
    private bool _responseStarted;
    private bool _starting;
    private InvocationOutcome _deferredOutcome;
    private volatile bool _disposed;

    public EpollInvoker(Http1Request request, EpollLoop loop)
        : base(request, loop)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ValueTask<InvocationOutcome> InvokeAsync(Payload payload, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (cancellationToken != _token)
        {
            // Engines pass one token for a user's whole run: registering once per token keeps requests allocation-free.
            _registration.Dispose();
            _token = cancellationToken;
            _registration = cancellationToken.UnsafeRegister(static s => ((EpollInvoker)s!).Post(EpollCommand.Abort), this);
        }

        RequestBytes = Request.For(payload);
        _completion.Reset();
        var pending = new ValueTask<InvocationOutcome>(this, _completion.Version);
        if (Loop.IsCurrentThread)
        {
            Run(EpollCommand.Start);
        }
        else
        {
            Loop.Post(this, EpollCommand.Start);
        }

        return pending;
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _registration.Dispose();
            Post(EpollCommand.Close);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Runs a command on the loop thread.</summary>
    public override void Run(EpollCommand command)
    {
        try
        {
            switch (command)
            {
                case EpollCommand.Start:
                    Start();
                    break;
                case EpollCommand.Abort when Phase is not (ExchangePhase.Idle or ExchangePhase.Completing) && _token.IsCancellationRequested:
                    CloseConnection();
                    Finish(ExchangePhase.Idle);
                    _completion.SetException(new OperationCanceledException(_token));
                    break;
                case EpollCommand.Close:
                    CloseConnection();
                    if (Phase is not (ExchangePhase.Idle or ExchangePhase.Completing))
                    {
                        // Disposed with a request in flight, against the contract: its caller still gets an answer.
                        Finish(ExchangePhase.Idle);
                        _completion.SetException(new ObjectDisposedException(nameof(EpollInvoker)));
                    }

                    break;
            }
        }
        catch (Exception e) when (Phase != ExchangePhase.Idle)
        {
            Fault(e);
        }
    }

    /// <summary>The socket is ready for what this invoker waits for (or has failed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void OnEvents(uint events, ulong data)
    {
        if (data != Data)
        {
            return;
        }

        try
        {
            Advance();
        }
        catch (IOException) when (Phase != ExchangePhase.Idle)
        {
            // A malformed response, or a head too long to buffer.
            CloseConnection();
            Complete(InvocationOutcome.ConnectionError);
        }
        catch (Exception e) when (Phase != ExchangePhase.Idle)
        {
            Fault(e);
        }
    }

    public override void TimeOut()
    {
        CloseConnection();
        Complete(InvocationOutcome.Timeout);
    }

    public override void CompleteDeferred()
    {
        Finish(ExchangePhase.Idle);
        _completion.SetResult(_deferredOutcome);
    }

    InvocationOutcome IValueTaskSource<InvocationOutcome>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<InvocationOutcome>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<InvocationOutcome>.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    private void Post(EpollCommand command) => Loop.Post(this, command);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Start()
    {
        if (_token.IsCancellationRequested)
        {
            // Cancelled between InvokeAsync's check and this turn of the loop (its Abort found nothing in flight).
            _completion.SetException(new OperationCanceledException(_token));
            return;
        }

        _starting = true;
        try
        {
            Deadline = TimeProvider.System.GetTimestamp() + Request.TimeoutTimestampTicks;
            Loop.StartTimer(this);
            _responseStarted = false;
            _parser.Reset(Request.IsHead);
            _reused = Fd >= 0;
            StartExchange();
        }
        finally
        {
            _starting = false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Complete(InvocationOutcome outcome)
    {
        if (_starting)
        {
            // Failed inside InvokeAsync: complete on the loop's next turn so a user whose requests all fail at once
            // cannot keep the loop thread to itself.
            Phase = ExchangePhase.Completing;
            _deferredOutcome = outcome;
            Loop.Defer(this);
            return;
        }

        Finish(ExchangePhase.Idle);
        // Runs the user's continuation here, on the loop thread: its next request starts without a thread hop.
        _completion.SetResult(outcome);
    }

    private void Fault(Exception exception)
    {
        CloseConnection();
        Finish(ExchangePhase.Idle);
        _completion.SetException(exception);
    }

    private void Finish(ExchangePhase phase)
    {
        Loop.StopTimer(this);
        Phase = phase;
    }
}
