using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace RightSize.Load.Http.Epoll;

/// <summary>
/// One HTTP/1.1 connection of an <see cref="EpollStreamClient"/> that hands its response to an
/// <see cref="IHttp1StreamReader"/> read by read, on the loop thread: every receive lands in the loop's one buffer, is
/// stamped, unframed (Content-Length, chunked, or until close) and given to the reader there, with no thread hop; only
/// the bytes of an unfinished head or chunk line are kept between reads. The exchange's task completes on the thread
/// pool. Kept alive between exchanges when the response allows. Each read also says how long its bytes waited in the
/// socket: the kernel stamps what it receives (SO_TIMESTAMPNS, CLOCK_REALTIME), and the wait is the realtime clock read
/// with the read's timestamp minus that stamp (both realtime, so no conversion between clocks; for several segments in
/// one read, the stamp is the last one's, so the wait is the shortest of them).
/// </summary>
internal sealed unsafe partial class EpollStream(EpollStreamClient owner, Http1Request request, EpollLoop loop, TimeProvider time) : EpollConnection(request, loop)
{
    private Http1ResponseParser _parser;
    private TaskCompletionSource<Http1StreamEnd>? _completion;
    private IHttp1StreamReader? _reader;
    private CancellationToken _token;
    private CancellationTokenRegistration _registration;
    private byte[] _carry = [];
    private int _carried;
    private bool _reused;
    private bool _responseStarted;
    private bool _headSeen;

    /// <summary>Sends <paramref name="bytes"/> (a whole request) and hands the response to <paramref name="reader"/>; cancelling throws.</summary>
    public Task<Http1StreamEnd> ExchangeAsync(byte[] bytes, IHttp1StreamReader reader, CancellationToken cancellationToken)
    {
        // Written here while the connection is idle; the loop reads them after the posted Start (the queue orders them).
        RequestBytes = bytes;
        _reader = reader;
        _token = cancellationToken;
        _completion = new TaskCompletionSource<Http1StreamEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = _completion.Task;
        _registration = cancellationToken.UnsafeRegister(static s => ((EpollStream)s!).Loop.Post((EpollStream)s!, EpollCommand.Abort), this);
        Loop.Post(this, EpollCommand.Start);
        return task;
    }

    public override void Run(EpollCommand command)
    {
        try
        {
            switch (command)
            {
                case EpollCommand.Start:
                    Start();
                    break;
                case EpollCommand.Abort when Phase != ExchangePhase.Idle && _token.IsCancellationRequested:
                    CloseConnection();
                    Complete(null);
                    break;
                case EpollCommand.Close:
                    CloseConnection();
                    // The loop is stopping (the client was disposed) with this exchange still open or not yet started:
                    // its caller gets an answer instead of a task that never ends.
                    if (_completion is { Task.IsCompleted: false })
                    {
                        EndExchange().TrySetException(new ObjectDisposedException(nameof(EpollStreamClient)));
                    }

                    break;
            }
        }
        catch (Exception e) when (Phase != ExchangePhase.Idle)
        {
            Fault(e);
        }
    }

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
        catch (IOException e) when (Phase != ExchangePhase.Idle)
        {
            // A malformed head or chunk line, or a head too long for the buffer.
            CloseConnection();
            Complete(new Http1StreamEnd(_headSeen ? Http1StreamOutcome.Broken : Http1StreamOutcome.ConnectionError, e.Message));
        }
        catch (Exception e) when (Phase != ExchangePhase.Idle)
        {
            Fault(e);
        }
    }

    /// <summary>
    /// Anything else thrown on the loop thread (a reader's bug) fails this exchange's task with it: escaping the loop
    /// would end the process and every other stream with it.
    /// </summary>
    private void Fault(Exception exception)
    {
        CloseConnection();
        EndExchange().TrySetException(exception);
    }

    public override void TimeOut()
    {
        CloseConnection();
        Complete(new Http1StreamEnd(Http1StreamOutcome.Timeout));
    }

    // Completions go through the task's own scheduling (RunContinuationsAsynchronously), never deferred by the loop.
    public override void CompleteDeferred() => throw new UnreachableException("an EpollStream never defers its completion");

    private void Start()
    {
        if (_token.IsCancellationRequested)
        {
            Complete(null);
            return;
        }

        Deadline = TimeProvider.System.GetTimestamp() + Request.TimeoutTimestampTicks;
        Loop.StartTimer(this);
        _carried = 0;
        _responseStarted = false;
        _headSeen = false;
        _parser.Reset(headRequest: false);
        _reused = Fd >= 0;
        StartExchange();
    }

    protected override void Configure(int fd)
    {
        var on = 1;
        Libc.SetSockOpt(fd, Libc.SolSocket, Libc.SoTimestampns, &on, sizeof(int));
    }

    protected override void ConnectFailed() =>
        Complete(new Http1StreamEnd(Http1StreamOutcome.ConnectionError, $"could not connect to {Request.Target.Authority}"));

    protected override void SendFailed() => Broken($"the connection broke while sending (errno {Libc.Errno})");

    private void Ended(long now)
    {
        _reader!.End(now);
        if (!_parser.Response.KeepAlive || _carried > 0)
        {
            CloseConnection();
        }

        Complete(new Http1StreamEnd(Http1StreamOutcome.Ended));
    }

    /// <summary>
    /// The connection failed. On a reused connection before any response byte, the server dropped it while idle: send
    /// the request again, once, on a new connection (as HttpClient does). Otherwise the exchange failed.
    /// </summary>
    private void Broken(string message)
    {
        CloseConnection();
        if (_reused && !_responseStarted)
        {
            _reused = false;
            _carried = 0;
            _parser.Reset(headRequest: false);
            Reconnect();
            return;
        }

        Complete(new Http1StreamEnd(_headSeen ? Http1StreamOutcome.Broken : Http1StreamOutcome.ConnectionError, message));
    }

    /// <summary>Ends the exchange (null: cancelled); an open connection goes back to the client's idle ones.</summary>
    private void Complete(Http1StreamEnd? end)
    {
        var token = _token;
        var completion = EndExchange();
        if (Fd >= 0)
        {
            // From here another thread may take it for its next exchange: nothing below touches its fields.
            owner.Idle(this);
        }

        if (end is { } result)
        {
            completion.SetResult(result);
        }
        else
        {
            completion.SetCanceled(token);
        }
    }

    /// <summary>Stops the exchange's timer and cancellation; what is left is to answer the returned completion.</summary>
    private TaskCompletionSource<Http1StreamEnd> EndExchange()
    {
        Loop.StopTimer(this);
        Phase = ExchangePhase.Idle;
        _registration.Dispose();
        _reader = null;
        RequestBytes = [];
        return _completion!;
    }
}
