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
    /// Flat: the full window ending now against the full window that ended two window lengths earlier (the two do not
    /// overlap). Users grew: mean users (user-seconds / window length) rose by at least 20%, and every second of the
    /// newer window ran more users than any second of the older one, so the newer window's rate answers to users that
    /// have all grown (a window straddling a step mostly measures the users before it). The rate did not: the best
    /// window rate so far is less than 5% above the best up to the older window.
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
        if (then.MeanUsers <= 0
            || now.MeanUsers + StoppingPolicy.MeanUsersResolution < StoppingPolicy.FlatUserGrowth * then.MeanUsers
            || now.FewestUsers <= then.MostUsers)
        {
            return false;
        }

        var bestThen = 0.0;
        for (var i = 0; i <= thenIndex; i++)
        {
            bestThen = Math.Max(bestThen, _full[i].InvocationsPerMinute);
        }

        return _full.Max(w => w.InvocationsPerMinute) < StoppingPolicy.FlatRateGrowth * bestThen;
    }
}
