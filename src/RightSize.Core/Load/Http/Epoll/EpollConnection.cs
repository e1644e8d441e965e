using System.Net;
using System.Runtime.CompilerServices;

namespace RightSize.Load.Http.Epoll;

/// <summary>
/// A non-blocking TCP socket registered with an <see cref="EpollLoop"/>, and one exchange's way through it: connecting
/// to each of the target's addresses in turn, sending the request's bytes, then receiving, which is the subclass's, as
/// is what a failure means. Loop thread only.
/// </summary>
internal abstract unsafe class EpollConnection(Http1Request request, EpollLoop loop) : IEpollHandler
{
    private uint _interest;
    private int _generation;
    private int _address;
    private int _sent;

    protected enum ExchangePhase
    {
        Idle,
        Connecting,
        Sending,
        Receiving,

        /// <summary>Ended, its completion deferred to the loop's next turn.</summary>
        Completing,
    }

    private enum ConnectStep
    {
        /// <summary>Connected at once (loopback often is): send.</summary>
        Connected,

        /// <summary>Under way: the loop reports the socket writable when it is done.</summary>
        Connecting,

        /// <summary>No address of the target is left to try.</summary>
        Failed,
    }

    private enum SendStep
    {
        /// <summary>All sent; the interest is now readability alone.</summary>
        Sent,

        /// <summary>The send buffer is full: the loop calls back when it drains.</summary>
        Pending,

        Failed,
    }

    protected EpollLoop Loop { get; } = loop;

    protected Http1Request Request { get; } = request;

    protected ExchangePhase Phase { get; set; }

    /// <summary>The whole request of the exchange in flight.</summary>
    protected byte[] RequestBytes { get; set; } = [];

    /// <summary>The socket, or -1 when closed.</summary>
    protected int Fd { get; private set; } = -1;

    /// <summary>The epoll data of the open socket (slot and generation).</summary>
    protected ulong Data { get; private set; }

    public int InFlightIndex { get; set; } = -1;

    public long Deadline { get; protected set; }

    public abstract void Run(EpollCommand command);

    public abstract void OnEvents(uint events, ulong data);

    public abstract void TimeOut();

    public abstract void CompleteDeferred();

    public virtual void CloseConnection()
    {
        if (Fd < 0)
        {
            return;
        }

        Libc.Control(Loop.Epoll, Libc.EpollCtlDel, Fd, 0, 0);
        Libc.Close(Fd);
        Loop.Unregister(Data);
        Fd = -1;
        Data = 0;
        _interest = 0;
    }

    /// <summary>Sends <see cref="RequestBytes"/>: on the open connection if there is one, else on a new one.</summary>
    protected void StartExchange()
    {
        if (Fd >= 0)
        {
            _sent = 0;
            Send();
        }
        else
        {
            Reconnect();
        }
    }

    /// <summary>Sends <see cref="RequestBytes"/> again from the start on a new connection (the target's first address first).</summary>
    protected void Reconnect()
    {
        _sent = 0;
        _address = 0;
        Connect();
    }

    /// <summary>Moves the exchange on: the loop reported its socket ready for what it waits for (or failed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void Advance()
    {
        switch (Phase)
        {
            case ExchangePhase.Connecting:
                Connected();
                break;
            case ExchangePhase.Sending:
                Send();
                break;
            case ExchangePhase.Receiving:
                Receive();
                break;
            default:
                // Readable while idle: the server closed the kept-alive connection (or broke the protocol).
                CloseConnection();
                break;
        }
    }

    /// <summary>Sets what the subclass needs on a new socket, before it connects.</summary>
    protected virtual void Configure(int fd)
    {
    }

    /// <summary>Reads what the socket has of the response.</summary>
    protected abstract void Receive();

    /// <summary>None of the target's addresses took the connection.</summary>
    protected abstract void ConnectFailed();

    /// <summary>The connection broke while sending (errno in <see cref="Libc.Errno"/>); the subclass decides whether to try again.</summary>
    protected abstract void SendFailed();

    private void Connect()
    {
        switch (ConnectNext(Request.Addresses, Request.Target.Port))
        {
            case ConnectStep.Connected:
                Send();
                break;
            case ConnectStep.Connecting:
                Phase = ExchangePhase.Connecting;
                break;
            default:
                ConnectFailed();
                break;
        }
    }

    private void Connected()
    {
        if (!FinishConnect())
        {
            // Refused: try the host's next address, if any.
            Connect();
            return;
        }

        Send();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Send()
    {
        Phase = ExchangePhase.Sending;
        switch (SendFrom(RequestBytes, ref _sent))
        {
            case SendStep.Sent:
                Phase = ExchangePhase.Receiving;
                break;
            case SendStep.Failed:
                SendFailed();
                break;
        }
    }

    /// <summary>Opens a socket to the target's next address and starts connecting.</summary>
    private ConnectStep ConnectNext(IPAddress[] addresses, int port)
    {
        while (_address < addresses.Length)
        {
            var endPoint = new IPEndPoint(addresses[_address++], port);
            var fd = Libc.Socket((int)endPoint.AddressFamily, Libc.SockStream | Libc.SockNonblock | Libc.SockCloexec, 0);
            if (fd < 0)
            {
                continue;
            }

            var noDelay = 1;
            Libc.SetSockOpt(fd, Libc.IpProtoTcp, Libc.TcpNodelay, &noDelay, sizeof(int));
            Configure(fd);
            var address = endPoint.Serialize();
            int result;
            fixed (byte* bytes = address.Buffer.Span)
            {
                result = Libc.Connect(fd, bytes, address.Size);
            }

            if (result == 0 || Libc.Errno == Libc.Einprogress)
            {
                Fd = fd;
                Data = Loop.Register(this, ++_generation);
                _interest = Libc.EpollIn | Libc.EpollOut;
                Libc.Control(Loop.Epoll, Libc.EpollCtlAdd, Fd, _interest, Data);
                return result == 0 ? ConnectStep.Connected : ConnectStep.Connecting;
            }

            Libc.Close(fd);
        }

        return ConnectStep.Failed;
    }

    /// <summary>The loop reported a connecting socket: whether it connected (if not, it is closed: try the next address).</summary>
    private bool FinishConnect()
    {
        int error = 0, length = sizeof(int);
        Libc.GetSockOpt(Fd, Libc.SolSocket, Libc.SoError, &error, &length);
        if (error != 0)
        {
            CloseConnection();
            return false;
        }

        return true;
    }

    /// <summary>Sends what is left of <paramref name="bytes"/> after <paramref name="sent"/>, as far as the socket takes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SendStep SendFrom(byte[] bytes, ref int sent)
    {
        fixed (byte* request = bytes)
        {
            while (sent < bytes.Length)
            {
                var count = Libc.Send(Fd, request + sent, bytes.Length - sent, Libc.MsgNosignal);
                var errno = count < 0 ? Libc.Errno : 0;
                if (count > 0)
                {
                    sent += (int)count;
                }
                else if (errno == Libc.Eagain)
                {
                    Interest(Libc.EpollIn | Libc.EpollOut);
                    return SendStep.Pending;
                }
                else if (errno != Libc.Eintr)
                {
                    return SendStep.Failed;
                }
            }
        }

        // Sent: from now on only readability matters (level-triggered, so nothing is missed).
        Interest(Libc.EpollIn);
        return SendStep.Sent;
    }

    // Changing the interest is a system call: only when it changes, not on every request.
    private void Interest(uint events)
    {
        if (_interest != events)
        {
            _interest = events;
            Libc.Control(Loop.Epoll, Libc.EpollCtlMod, Fd, events, Data);
        }
    }
}
