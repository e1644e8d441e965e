using RightSize.Windows;

namespace RightSize.Stopping;

/// <summary>
/// Evaluates the stopping conditions on each new window (once a second). Only full windows count, so a burst in the
/// first seconds of a test is never extrapolated into a per-minute rate.
/// </summary>
public sealed class StoppingEvaluator
{
    private readonly StoppingPolicy _policy;
    private readonly List<WindowStats> _full = [];

    public StoppingEvaluator(StoppingPolicy policy) => _policy = policy;

    /// <summary>Takes the next window; returns why the test must stop, or null to go on.</summary>
    public StopReason? Evaluate(WindowStats window)
    {
        if (!window.IsFull)
        {
            return null;
        }

        _full.Add(window);
        if (window.ErrorRate >= StoppingPolicy.ErrorRateLimit)
        {
            return StopReason.ErrorRateExceeded;
        }

        if (_policy.LatencyThreshold is { } threshold
            && window.LatencyMs(threshold.Percentile) > threshold.ValueInMilliseconds)
        {
            return StopReason.LatencyThresholdExceeded;
        }

        if (_policy.MaxInvocationsPerMinute is { } target && window.InvocationsPerMinute >= target)
        {
            return StopReason.MaxInvocationsReached;
        }

        return _policy.StopWhenFlat && IsFlat(window) ? StopReason.InvocationsFlattened : null;
    }

    /// <summary>
    /// Flat: compared with the moment two window lengths ago, users grew by at least 20% while the best window rate
    /// seen so far grew by less than 5%. Both moments must have full windows.
    /// </summary>
    private bool IsFlat(WindowStats now)
    {
        var thenEnd = now.EndSecond - (2 * now.LengthSeconds);
        var thenIndex = _full.FindLastIndex(w => w.EndSecond <= thenEnd);
        if (thenIndex < 0 || _full[thenIndex].EndSecond != thenEnd)
        {
            return false;
        }

        var then = _full[thenIndex];
        var bestThen = 0.0;
        for (var i = 0; i <= thenIndex; i++)
        {
            bestThen = Math.Max(bestThen, _full[i].InvocationsPerMinute);
        }

        var bestNow = _full.Max(w => w.InvocationsPerMinute);
        return then.Users > 0
            && now.Users >= StoppingPolicy.FlatUserGrowth * then.Users
            && bestNow < StoppingPolicy.FlatRateGrowth * bestThen;
    }
}
