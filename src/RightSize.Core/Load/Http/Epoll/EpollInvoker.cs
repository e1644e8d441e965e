using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace RightSize.Load.Http.Epoll;

/// <summary>
/// One virtual user's HTTP/1.1 connection, driven by its <see cref="EpollLoop"/>: a non-blocking socket, the
/// pre-serialised request, a receive buffer and a response parser. Everything but <see cref="InvokeAsync"/> and
/// <see cref="DisposeAsync"/> runs on the loop thread. One request at a time; nothing is allocated per request.
/// </summary>
internal sealed unsafe partial class EpollInvoker : IInvoker, IValueTaskSource<InvocationOutcome>
{
    private readonly Http1Request _request;
    private readonly EpollLoop _loop;
    private ManualResetValueTaskSourceCore<InvocationOutcome> _completion;
    private Http1Buffer _buffer = new();
    private Http1ResponseParser _parser;
    private CancellationToken _token;
    private CancellationTokenRegistration _registration;
    private byte[] _bytes = [];
    private int _sent;
    private int _fd = -1;
    private ulong _data;
    private uint _interest;
    private int _generation;
    private int _address;
    private Phase _phase;
    private bool _reused;
    private bool _responseStarted;
    private bool _starting;
    private InvocationOutcome _deferredOutcome;
    private volatile bool _disposed;

    public EpollInvoker(Http1Request request, EpollLoop loop)
    {
        _request = request;
        _loop = loop;
    }

    private enum Phase
    {
        Idle,
        Connecting,
        Sending,
        Receiving,
        Completing,
    }

    /// <summary>Where this invoker is in the loop's list of requests in flight, or -1.</summary>
    public int InFlightIndex { get; set; } = -1;

    /// <summary>When the request in flight times out (a <see cref="TimeProvider.System"/> timestamp).</summary>
    public long Deadline { get; private set; }

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

        _bytes = _request.For(payload);
        _completion.Reset();
        var pending = new ValueTask<InvocationOutcome>(this, _completion.Version);
        if (_loop.IsCurrentThread)
        {
            Run(EpollCommand.Start);
        }
        else
        {
            _loop.Post(this, EpollCommand.Start);
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
    public void Run(EpollCommand command)
    {
        try
        {
            switch (command)
            {
                case EpollCommand.Start:
                    Start();
                    break;
                case EpollCommand.Abort when _phase is not (Phase.Idle or Phase.Completing) && _token.IsCancellationRequested:
                    CloseConnection();
                    Finish(Phase.Idle);
                    _completion.SetException(new OperationCanceledException(_token));
                    break;
                case EpollCommand.Close:
                    CloseConnection();
                    if (_phase is not (Phase.Idle or Phase.Completing))
                    {
                        // Disposed with a request in flight, against the contract: its caller still gets an answer.
                        Finish(Phase.Idle);
                        _completion.SetException(new ObjectDisposedException(nameof(EpollInvoker)));
                    }

                    break;
            }
        }
        catch (Exception e) when (_phase != Phase.Idle)
        {
            Fault(e);
        }
    }

    /// <summary>The socket is ready for what this invoker waits for (or has failed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnEvents(uint events, ulong data)
    {
        if (data != _data)
        {
            return;
        }

        try
        {
            switch (_phase)
            {
                case Phase.Connecting:
                    Connected();
                    break;
                case Phase.Sending:
                    Send();
                    break;
                case Phase.Receiving:
                    Receive();
                    break;
                default:
                    // Readable while idle: the server closed the kept-alive connection (or broke the protocol).
                    CloseConnection();
                    break;
            }
        }
        catch (IOException) when (_phase != Phase.Idle)
        {
            // A malformed response, or a head too long to buffer.
            CloseConnection();
            Complete(InvocationOutcome.ConnectionError);
        }
        catch (Exception e) when (_phase != Phase.Idle)
        {
            Fault(e);
        }
    }

    public void TimeOut()
    {
        CloseConnection();
        Complete(InvocationOutcome.Timeout);
    }

    public void CompleteDeferred()
    {
        Finish(Phase.Idle);
        _completion.SetResult(_deferredOutcome);
    }

    InvocationOutcome IValueTaskSource<InvocationOutcome>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<InvocationOutcome>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<InvocationOutcome>.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    private void Post(EpollCommand command) => _loop.Post(this, command);

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
            Deadline = TimeProvider.System.GetTimestamp() + _request.TimeoutTimestampTicks;
            _loop.StartTimer(this);
            _sent = 0;
            _responseStarted = false;
            _parser.Reset(_request.IsHead);
            _reused = _fd >= 0;
            if (_reused)
            {
                Send();
            }
            else
            {
                _address = 0;
                Connect();
            }
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
            _phase = Phase.Completing;
            _deferredOutcome = outcome;
            _loop.Defer(this);
            return;
        }

        Finish(Phase.Idle);
        // Runs the user's continuation here, on the loop thread: its next request starts without a thread hop.
        _completion.SetResult(outcome);
    }

    private void Fault(Exception exception)
    {
        CloseConnection();
        Finish(Phase.Idle);
        _completion.SetException(exception);
    }

    private void Finish(Phase phase)
    {
        _loop.StopTimer(this);
        _phase = phase;
    }
}
