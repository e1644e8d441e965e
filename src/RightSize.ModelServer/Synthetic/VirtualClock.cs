using System.Diagnostics;
using RightSize.ModelServer.Timing;

namespace RightSize.ModelServer.Synthetic;

/// <summary>Waits for times planned in virtual time (Stopwatch timestamps) by the synthetic schedulers.</summary>
internal static class VirtualClock
{
    /// <summary>
    /// Sleeps until a Stopwatch timestamp on the high-resolution timer, so a response comes about 0.1 ms late on a quiet
    /// host, never early (.NET's own timers wake whole milliseconds late, which skewed the LLM engine's TTFT).
    /// </summary>
    public static async Task WaitUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        for (var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
             remaining > TimeSpan.Zero;
             remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp))
        {
            await HighResolutionTimeProvider.DelayAsync(HighResolutionTimeProvider.Instance, remaining, cancellationToken);
        }
    }
}
