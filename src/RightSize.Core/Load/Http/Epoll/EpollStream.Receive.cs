using System.Runtime.CompilerServices;

namespace RightSize.Load.Http.Epoll;

/// <summary>The reading half of <see cref="EpollStream"/>: each receive stamped, unframed and handed to the exchange's reader.</summary>
internal sealed unsafe partial class EpollStream
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Receive()
    {
        var buffer = Loop.ReadBuffer;
        const int ControlBytes = 64;
        var control = stackalloc byte[ControlBytes];
        while (true)
        {
            var carried = _carried;
            if (carried == buffer.Length)
            {
                throw new IOException($"a response head or chunk line exceeds {buffer.Length / 1024} KB");
            }

            _carry.AsSpan(0, carried).CopyTo(buffer);
            nint received;
            var message = new Libc.MsgHdr { IovLength = 1, Control = control, ControlLength = ControlBytes };
            fixed (byte* bytes = buffer)
            {
                var into = new Libc.IoVec { Base = bytes + carried, Length = (nuint)(buffer.Length - carried) };
                message.Iov = &into;
                received = Libc.RecvMsg(Fd, &message, 0);
            }

            var errno = received < 0 ? Libc.Errno : 0;
            if (received > 0)
            {
                var now = time.GetTimestamp();
                var kernel = Libc.ReceiveTime(message);
                var waited = kernel < 0 ? -1 : ((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100) - kernel;
                _responseStarted = true;
                var data = buffer.AsSpan(0, carried + (int)received);
                var reader = new Reader(this, now, waited);
                var consumed = _parser.Feed(data, ref reader);
                Carry(data[consumed..]);
                if (_reader!.Stopped)
                {
                    CloseConnection();
                    Complete(new Http1StreamEnd(Http1StreamOutcome.Stopped));
                    return;
                }

                if (_parser.IsDone)
                {
                    Ended(now);
                    return;
                }

                if (received < buffer.Length - carried)
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
                Broken($"the connection broke (errno {errno})");
                return;
            }
        }
    }

    /// <summary>Keeps the unconsumed end of a read (part of a head or chunk line) for the next one.</summary>
    private void Carry(ReadOnlySpan<byte> rest)
    {
        if (rest.Length > _carry.Length)
        {
            _carry = new byte[rest.Length];
        }

        rest.CopyTo(_carry);
        _carried = rest.Length;
    }

    private void ReceivedClose()
    {
        try
        {
            _parser.Close();
        }
        catch (IOException e)
        {
            Broken(e.Message);
            return;
        }

        CloseConnection();
        Ended(time.GetTimestamp());
    }

    /// <summary>Hands the parser's head and body to the exchange's reader, with the read's timestamp.</summary>
    private readonly struct Reader(EpollStream stream, long now, long waited) : IHttp1BodyReader
    {
        public void Head(in Http1Head head)
        {
            stream._headSeen = true;
            stream._reader!.Head(head.Status, head.EventStream);
        }

        public void Body(ReadOnlySpan<byte> bytes)
        {
            if (!stream._reader!.Stopped)
            {
                stream._reader.Body(bytes, now, waited);
            }
        }
    }
}
