using System.Runtime.CompilerServices;

namespace RightSize.Load.Http.Epoll;

/// <summary>The socket side of an invoker: connect, send, receive and parse, close; on the loop thread only.</summary>
internal sealed unsafe partial class EpollInvoker
{
    public override void CloseConnection()
    {
        base.CloseConnection();
        _buffer.Clear();
    }

    protected override void ConnectFailed() => Complete(InvocationOutcome.ConnectionError);

    protected override void SendFailed() => Broken();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Receive()
    {
        while (true)
        {
            var space = _buffer.FreeSpace(_parser.BodyBytesExpected);
            nint received;
            fixed (byte* bytes = space.Span)
            {
                received = Libc.Recv(Fd, bytes, space.Length, 0);
            }

            var errno = received < 0 ? Libc.Errno : 0;
            if (received > 0)
            {
                _responseStarted = true;
                _buffer.Received((int)received);
                if (Consume())
                {
                    return;
                }

                if (received < space.Length)
                {
                    // A short read: the rest has not arrived yet; the loop calls back when it does.
                    return;
                }
            }
            else if (received == 0)
            {
                ReceivedClose();
                return;
            }
            else if (errno == Libc.Eagain)
            {
                return;
            }
            else if (errno != Libc.Eintr)
            {
                Broken();
                return;
            }
        }
    }

    /// <summary>Feeds the parser; true when the response is complete (and the invocation completed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Consume()
    {
        _buffer.Consume(ref _parser);
        if (!_parser.IsDone)
        {
            return false;
        }

        var response = _parser.Response;
        if (!response.KeepAlive)
        {
            CloseConnection();
        }

        Complete(HttpInvoker.OutcomeOf(response.Status));
        return true;
    }

    private void ReceivedClose()
    {
        try
        {
            _parser.Close();
        }
        catch (IOException)
        {
            Broken();
            return;
        }

        CloseConnection();
        Complete(HttpInvoker.OutcomeOf(_parser.Response.Status));
    }

    /// <summary>
    /// The connection failed. On a reused connection before any response byte, the server dropped it while idle: send
    /// the request again, once, on a new connection (as HttpClient does). Otherwise the invocation failed.
    /// </summary>
    private void Broken()
    {
        CloseConnection();
        if (_reused && !_responseStarted)
        {
            _reused = false;
            _parser.Reset(Request.IsHead);
            Reconnect();
            return;
        }

        Complete(InvocationOutcome.ConnectionError);
    }
}
