using RightSize.Stopping;
using RightSize.Windows;

namespace RightSize.Orchestration;

/// <summary>The FailureReasons a test's own measurements explain.</summary>
internal static class TestFailureReasons
{
    /// <summary>Why a test that ran found no peak window, from its windows.</summary>
    public static string NoPeak(IReadOnlyList<WindowStats> windows, StoppingPolicy policy)
    {
        if (windows.Count == 0 || windows.All(w => w.Invocations == 0))
        {
            return "no invocation completed: check that the endpoint answers POST /invocations with the sample payloads";
        }

        var last = windows[^1];
        if (windows.All(w => w.ErrorRate >= StoppingPolicy.ErrorRateLimit))
        {
            return $"every window had 1% or more failed invocations (last window: {last.ClientErrors} 4xx, {last.ServerErrors} 5xx, "
                + $"{last.Timeouts} timeouts, {last.ConnectionErrors} connection errors of {last.Invocations}); check the payloads and the endpoint's log";
        }

        return policy.LatencyThreshold is { } t
            ? $"no window kept {t.Percentile} latency within {t.ValueInMilliseconds} ms even at the lowest load; raise ModelLatencyThresholds or choose a larger instance type"
            : "no window qualified as a peak window";
    }
}
