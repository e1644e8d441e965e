using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace RightSize.Load.Http.Epoll;

/// <summary>
/// One thread that owns a set of connections, as each of wrk's threads does: it waits on epoll, reads and parses
/// responses, completes invocations inline (so a virtual user's next request is sent from this thread with no hop
/// through the thread pool), and enforces per-request timeouts. Other threads hand it work through <see cref="Post"/>.
/// </summary>
internal sealed unsafe class EpollLoop : IDisposable
{
    private const int MaxEvents = 256;
    private const ulong WakeData = ulong.MaxValue;
    private const int ReadBufferBytes = 64 * 1024;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<(IEpollHandler Handler, EpollCommand Command)> _posted = new();
    private readonly List<IEpollHandler?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly List<IEpollHandler> _deferred = [];
    private readonly List<IEpollHandler> _inFlight = [];
    private readonly long _checkEvery;
    private byte[]? _readBuffer;
    private long _nextCheck;
    private int _wakePending;
    private int _waking;
    private int _closing;
    private volatile bool _stopping;

    /// <param name="timeout">The per-request timeout; deadlines are checked every twentieth of it (1 ms to 50 ms).</param>
    public EpollLoop(string name, TimeSpan timeout)
    {
        _epoll = Check(Libc.EpollCreate1(Libc.EpollCloexec), "epoll_create1");
        _wake = Check(Libc.EventFd(0, Libc.EfdNonblock | Libc.EfdCloexec), "eventfd");
        Check(Libc.Control(_epoll, Libc.EpollCtlAdd, _wake, Libc.EpollIn, WakeData), "epoll_ctl");
        var ms = Math.Clamp(timeout.TotalMilliseconds / 20, 1, 50);
        _checkEvery = (long)(ms * TimeProvider.System.TimestampFrequency / 1000);
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public int Epoll => _epoll;

    /// <summary>
    /// A receive buffer for connections that hand their bytes on as they arrive (<see cref="EpollStream"/>): one per
    /// loop, so thousands of waiting streams hold none.
    /// </summary>
    public byte[] ReadBuffer => _readBuffer ??= new byte[ReadBufferBytes];

    public bool IsCurrentThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <summary>Runs <paramref name="command"/> for <paramref name="invoker"/> on the loop thread, soon.</summary>
    public void Post(IEpollHandler invoker, EpollCommand command)
    {
        _posted.Enqueue((invoker, command));
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            Wake();
        }
    }

    /// <summary>A slot number for a new connection; its epoll data is the slot and a generation, so stale events are ignored.</summary>
    public ulong Register(IEpollHandler invoker, int generation)
    {
        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : AddSlot();
        _slots[slot] = invoker;
        return (ulong)(uint)generation << 32 | (uint)slot;
    }

    public void Unregister(ulong data)
    {
        var slot = (int)(uint)data;
        _slots[slot] = null;
        _freeSlots.Push(slot);
    }

    /// <summary>Completes <paramref name="invoker"/>'s request on the next turn of the loop instead of inside its caller.</summary>
    public void Defer(IEpollHandler invoker) => _deferred.Add(invoker);

    public void StartTimer(IEpollHandler invoker)
    {
        invoker.InFlightIndex = _inFlight.Count;
        _inFlight.Add(invoker);
    }

    public void StopTimer(IEpollHandler invoker)
    {
        var index = invoker.InFlightIndex;
        if (index < 0)
        {
            return;
        }

        var last = _inFlight[^1];
        _inFlight[index] = last;
        last.InFlightIndex = index;
        _inFlight.RemoveAt(_inFlight.Count - 1);
        invoker.InFlightIndex = -1;
    }

    public void Dispose()
    {
        _stopping = true;
        Wake();
        // Disposed from its own thread (the last completion's continuation), the loop ends when that returns.
        if (!IsCurrentThread)
        {
            _thread.Join();
        }
    }

    /// <summary>
    /// Wakes the loop thread. A cancellation or a Dispose that races with the loop's end must not write to the wake fd
    /// once it is closed (its number could belong to another file by then): the loop closes it only after setting
    /// _closing and waiting for writers already past the check.
    /// </summary>
    private void Wake()
    {
        Interlocked.Increment(ref _waking);
        if (Volatile.Read(ref _closing) == 0)
        {
            ulong one = 1;
            Libc.Write(_wake, (byte*)&one, sizeof(ulong));
        }

        Interlocked.Decrement(ref _waking);
    }

    private int AddSlot()
    {
        _slots.Add(null);
        return _slots.Count - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run()
    {
        var events = stackalloc byte[MaxEvents * Libc.EpollEventSize];
        while (true)
        {
            RunPosted();
            RunDeferred();
            if (_stopping && _posted.IsEmpty)
            {
                break;
            }

            var count = Libc.EpollWait(_epoll, events, MaxEvents, WaitMilliseconds());
            if (count < 0 && Libc.Errno != Libc.Eintr)
            {
                throw new IOException($"epoll_wait failed (errno {Libc.Errno})");
            }

            for (var i = 0; i < count; i++)
            {
                var ev = events + (i * Libc.EpollEventSize);
                var data = Unsafe.ReadUnaligned<ulong>(ev + Libc.EpollDataOffset);
                if (data == WakeData)
                {
                    ulong drained;
                    Libc.Read(_wake, (byte*)&drained, sizeof(ulong));
                    Volatile.Write(ref _wakePending, 0);
                    continue;
                }

                _slots[(int)(uint)data]?.OnEvents(Unsafe.ReadUnaligned<uint>(ev), data);
            }

            CheckDeadlines();
        }

        // Whatever is still open when the loop stops is closed with it, and an exchange in flight or still posted gets
        // its answer (closing empties its slot: no foreach).
        for (var i = 0; i < _slots.Count; i++)
        {
            _slots[i]?.Run(EpollCommand.Close);
        }

        // See Wake: from here nothing writes to the wake fd; what was posted meanwhile gets its answer below.
        Interlocked.Exchange(ref _closing, 1);
        while (Volatile.Read(ref _waking) > 0)
        {
            Thread.SpinWait(20);
        }

        while (_posted.TryDequeue(out var left))
        {
            left.Handler.Run(EpollCommand.Close);
        }

        Libc.Close(_wake);
        Libc.Close(_epoll);
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out var item))
        {
            item.Handler.Run(item.Command);
        }
    }

    private void RunDeferred()
    {
        // Completions may defer more (a user whose next request fails at once): those wait for the next turn.
        var count = _deferred.Count;
        for (var i = 0; i < count; i++)
        {
            _deferred[i].CompleteDeferred();
        }

        _deferred.RemoveRange(0, count);
    }

    private int WaitMilliseconds()
    {
        if (_deferred.Count > 0 || !_posted.IsEmpty)
        {
            return 0;
        }

        if (_inFlight.Count == 0)
        {
            return -1;
        }

        var wait = _nextCheck - TimeProvider.System.GetTimestamp();
        return wait <= 0 ? 0 : (int)Math.Ceiling(wait * 1000.0 / TimeProvider.System.TimestampFrequency);
    }

    private void CheckDeadlines()
    {
        var now = TimeProvider.System.GetTimestamp();
        if (now < _nextCheck)
        {
            return;
        }

        _nextCheck = now + _checkEvery;
        for (var i = _inFlight.Count - 1; i >= 0; i--)
        {
            // A timed-out request leaves the list (swapped with the last), so walk it backwards.
            if (i < _inFlight.Count && _inFlight[i].Deadline <= now)
            {
                _inFlight[i].TimeOut();
            }
        }
    }

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new IOException($"{call} failed (errno {Libc.Errno})");
}

/// <summary>A connection an <see cref="EpollLoop"/> drives; every member is called on the loop thread.</summary>
internal interface IEpollHandler
{
    /// <summary>Where it is in the loop's list of requests in flight, or -1.</summary>
    int InFlightIndex { get; set; }

    /// <summary>When the request in flight times out (a <see cref="TimeProvider.System"/> timestamp).</summary>
    long Deadline { get; }

    /// <summary>Runs a command another thread posted.</summary>
    void Run(EpollCommand command);

    /// <summary>Its socket is ready for what it waits for (or has failed); stale <paramref name="data"/> is ignored.</summary>
    void OnEvents(uint events, ulong data);

    void TimeOut();

    /// <summary>Completes a request whose completion was deferred to this turn of the loop.</summary>
    void CompleteDeferred();

    void CloseConnection();
}

/// <summary>What another thread asks the loop to do for an invoker.</summary>
internal enum EpollCommand
{
    Start,
    Abort,
    Close,
}
