using System.Diagnostics;

namespace RightSize.ModelServer.Synthetic;

/// <summary>Waits for times planned in virtual time (Stopwatch timestamps) by the synthetic schedulers.</summary>
internal static class VirtualClock
{
    /// <summary>
    /// Sleeps until a Stopwatch timestamp. Timers have millisecond granularity, so the delay is rounded up: a response
    /// may come up to about a millisecond late, never early.
    /// </summary>
    public static async Task WaitUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        for (var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
             remaining > TimeSpan.Zero;
             remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)), cancellationToken);
        }
    }
}
