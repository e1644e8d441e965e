using System.Net;
using System.Runtime.CompilerServices;

namespace RightSize.Load.Http.Epoll;

/// <summary>The socket side of an invoker: connect, send, receive and parse, close; on the loop thread only.</summary>
internal sealed unsafe partial class EpollInvoker
{
    public void CloseConnection()
    {
        if (_fd < 0)
        {
            return;
        }

        Libc.Control(_loop.Epoll, Libc.EpollCtlDel, _fd, 0, 0);
        Libc.Close(_fd);
        _loop.Unregister(_data);
        _fd = -1;
        _data = 0;
        _interest = 0;
        _buffer.Clear();
    }

    private void Connect()
    {
        var addresses = _request.Addresses;
        while (_address < addresses.Length)
        {
            var endPoint = new IPEndPoint(addresses[_address++], _request.Target.Port);
            var fd = Libc.Socket((int)endPoint.AddressFamily, Libc.SockStream | Libc.SockNonblock | Libc.SockCloexec, 0);
            if (fd < 0)
            {
                continue;
            }

            var noDelay = 1;
            Libc.SetSockOpt(fd, Libc.IpProtoTcp, Libc.TcpNodelay, &noDelay, sizeof(int));
            var address = endPoint.Serialize();
            int result;
            fixed (byte* bytes = address.Buffer.Span)
            {
                result = Libc.Connect(fd, bytes, address.Size);
            }

            if (result == 0 || Libc.Errno == Libc.Einprogress)
            {
                _fd = fd;
                _data = _loop.Register(this, ++_generation);
                _phase = result == 0 ? Phase.Sending : Phase.Connecting;
                _interest = Libc.EpollIn | Libc.EpollOut;
                Libc.Control(_loop.Epoll, Libc.EpollCtlAdd, _fd, _interest, _data);
                if (result == 0)
                {
                    Send();
                }

                return;
            }

            Libc.Close(fd);
        }

        Complete(InvocationOutcome.ConnectionError);
    }

    private void Connected()
    {
        int error = 0, length = sizeof(int);
        Libc.GetSockOpt(_fd, Libc.SolSocket, Libc.SoError, &error, &length);
        if (error != 0)
        {
            // Refused: try the host's next address, if any.
            CloseConnection();
            Connect();
            return;
        }

        Send();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Send()
    {
        _phase = Phase.Sending;
        fixed (byte* request = _bytes)
        {
            while (_sent < _bytes.Length)
            {
                var sent = Libc.Send(_fd, request + _sent, _bytes.Length - _sent, Libc.MsgNosignal);
                var errno = sent < 0 ? Libc.Errno : 0;
                if (sent > 0)
                {
                    _sent += (int)sent;
                }
                else if (errno == Libc.Eagain)
                {
                    // The socket's send buffer is full: the loop calls back when it drains.
                    Interest(Libc.EpollIn | Libc.EpollOut);
                    return;
                }
                else if (errno != Libc.Eintr)
                {
                    Broken();
                    return;
                }
            }
        }

        // Sent: from now on only readability matters (level-triggered, so nothing is missed).
        _phase = Phase.Receiving;
        Interest(Libc.EpollIn);
    }

    // Changing the interest is a system call: only when it changes, not on every request.
    private void Interest(uint events)
    {
        if (_interest != events)
        {
            _interest = events;
            Libc.Control(_loop.Epoll, Libc.EpollCtlMod, _fd, events, _data);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Receive()
    {
        while (true)
        {
            var space = _buffer.FreeSpace(_parser.BodyBytesExpected);
            nint received;
            fixed (byte* bytes = space.Span)
            {
                received = Libc.Recv(_fd, bytes, space.Length, 0);
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
            _sent = 0;
            _parser.Reset(_request.IsHead);
            _address = 0;
            Connect();
            return;
        }

        Complete(InvocationOutcome.ConnectionError);
    }
}
