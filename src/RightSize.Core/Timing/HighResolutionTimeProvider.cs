using System.Diagnostics;
using System.Runtime.InteropServices;

// The model server compiles this file too (it references no other RightSize project), in a namespace of its own.
#if RIGHTSIZE_MODEL_SERVER
namespace RightSize.ModelServer.Timing;
#else
namespace RightSize.Timing;
#endif

/// <summary>
/// A <see cref="TimeProvider"/> whose timers fire within about 0.1 ms of their due time, for pacing that a measurement
/// depends on (the reference LLM engine's token times, an open loop's send times). .NET's own timers (Task.Delay,
/// System.Threading.Timer) count in Environment.TickCount64, which Linux serves from CLOCK_MONOTONIC_COARSE, one
/// scheduler tick and irregular on a tickless VM: measured here, Task.Delay woke p50 3.5 ms late at load 15 and
/// clock_nanosleep 0.14 ms. One background thread sleeps on a timerfd armed at the earliest due time (CLOCK_MONOTONIC,
/// Stopwatch's clock) and queues each due callback to the thread pool. Timestamps and wall time are the system's; off
/// Linux it is <see cref="TimeProvider.System"/>.
/// </summary>
internal sealed partial class HighResolutionTimeProvider : TimeProvider
{
    private const int ClockMonotonic = 1;
    private const int TfdCloexec = 0x80000;
    private const int TfdTimerAbstime = 1;

    private readonly PriorityQueue<(Timer Timer, long Generation), long> _due = new();
    private readonly Lock _lock = new();
    private readonly int _fd;
    private long _armed = long.MaxValue;

    private HighResolutionTimeProvider()
    {
        _fd = TimerFdCreate(ClockMonotonic, TfdCloexec);
        if (_fd < 0)
        {
            throw new InvalidOperationException($"timerfd_create failed (errno {Marshal.GetLastPInvokeError()})");
        }

        new Thread(Run) { IsBackground = true, Name = "high-resolution timers" }.Start();
    }

    public static TimeProvider Instance { get; } = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000
        ? new HighResolutionTimeProvider()
        : System;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Waits <paramref name="delay"/> on <paramref name="time"/>'s timers. Use this, not Task.Delay, with this provider:
    /// Task.Delay truncates any provider's delay to whole milliseconds (0.5 ms would not wait at all).
    /// </summary>
    public static Task DelayAsync(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken) =>
        time is HighResolutionTimeProvider && delay > TimeSpan.Zero && !cancellationToken.IsCancellationRequested
            ? WaitAsync(time, delay, cancellationToken)
            : Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, time, cancellationToken);

    private static async Task WaitAsync(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
        // Completed on the thread pool (Run hands callbacks over), so the waiter never continues on the timer thread.
        var done = new TaskCompletionSource();
        using var timer = time.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), done, delay, Timeout.InfiniteTimeSpan);
        using var registration = cancellationToken.Register(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), done);
        await done.Task;
    }

    private static long Ticks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Under <see cref="_lock"/>: queues a timer's next firing and re-arms the timerfd if it is the earliest.</summary>
    private void Enqueue(Timer timer, long due)
    {
        _due.Enqueue((timer, timer.Generation), due);
        if (due < _armed)
        {
            Arm(due);
        }
    }

    private void Arm(long due)
    {
        _armed = due;
        // Stopwatch timestamps are CLOCK_MONOTONIC nanoseconds on Linux (checked by Instance); 0 would disarm.
        var spec = new TimerSpec { ValueSeconds = due / 1_000_000_000, ValueNanoseconds = Math.Max(1, due % 1_000_000_000) };
        if (TimerFdSetTime(_fd, TfdTimerAbstime, ref spec, IntPtr.Zero) != 0)
        {
            throw new InvalidOperationException($"timerfd_settime failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    private void Run()
    {
        var fired = new List<Timer>();
        ulong expirations = 0;
        while (true)
        {
            // Blocks until the armed time passes; a disarmed timerfd blocks until Enqueue arms it. EINTR just loops.
            _ = Read(_fd, ref expirations, sizeof(ulong));
            lock (_lock)
            {
                _armed = long.MaxValue;
                var now = Stopwatch.GetTimestamp();
                while (_due.TryPeek(out var entry, out var due) && due <= now)
                {
                    _due.Dequeue();
                    // A changed or disposed timer left its old entries behind; they are skipped here.
                    if (entry.Generation == entry.Timer.Generation)
                    {
                        fired.Add(entry.Timer);
                        if (entry.Timer.Period > 0)
                        {
                            Enqueue(entry.Timer, Math.Max(now, due + entry.Timer.Period));
                        }
                    }
                }

                if (_due.TryPeek(out _, out var next) && next < _armed)
                {
                    Arm(next);
                }
            }

            foreach (var timer in fired)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static t => t.Fire(), timer, preferLocal: false);
            }

            fired.Clear();
        }
    }

    [LibraryImport("libc", EntryPoint = "timerfd_create", SetLastError = true)]
    private static partial int TimerFdCreate(int clockId, int flags);

    [LibraryImport("libc", EntryPoint = "timerfd_settime", SetLastError = true)]
    private static partial int TimerFdSetTime(int fd, int flags, ref TimerSpec value, IntPtr old);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, ref ulong buffer, nint count);

    /// <summary>struct itimerspec: the interval (zero: fire once) and the value.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimerSpec
    {
        public long IntervalSeconds;
        public long IntervalNanoseconds;
        public long ValueSeconds;
        public long ValueNanoseconds;
    }

    private sealed class Timer(HighResolutionTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _generation;

        /// <summary>Bumped by every Change, -1 after Dispose, under the owner's lock, so queued firings of before are void.</summary>
        public long Generation => Volatile.Read(ref _generation);

        public long Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                if (Generation < 0)
                {
                    return false;
                }

                Volatile.Write(ref _generation, _generation + 1);
                Period = period <= TimeSpan.Zero ? 0 : Math.Max(1, Ticks(period));
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    owner.Enqueue(this, Stopwatch.GetTimestamp() + Ticks(dueTime));
                }
            }

            return true;
        }

        /// <summary>
        /// Runs the callback unless the timer was disposed since the timer thread queued this firing: with the thread pool
        /// starved, several periods' firings can wait in its queue, and none of them may run after Dispose.
        /// </summary>
        public void Fire()
        {
            if (Generation >= 0)
            {
                callback(state);
            }
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                Volatile.Write(ref _generation, -1);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
