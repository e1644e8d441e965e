namespace RightSize.Stopping;

/// <summary>Why a test ended. Every test records one; steps, report and UI show it.</summary>
public enum StopReason
{
    /// <summary>The traffic pattern ran to its end.</summary>
    TrafficPatternCompleted,

    /// <summary>A window's rate reached StoppingConditions.MaxInvocations: the target is met.</summary>
    MaxInvocationsReached,

    /// <summary>A window's latency percentile exceeded the threshold: capacity under the SLO has been passed.</summary>
    LatencyThresholdExceeded,

    /// <summary>Users grew but the rate did not (FlatInvocations = Stop).</summary>
    InvocationsFlattened,

    /// <summary>1% or more of a window's invocations failed.</summary>
    ErrorRateExceeded,

    /// <summary>JobDurationInSeconds ran out.</summary>
    JobDurationReached,

    /// <summary>The job was stopped (StopInferenceRecommendationsJob or Ctrl+C).</summary>
    JobStopped,

    /// <summary>The endpoint failed to start or died during the test.</summary>
    EndpointFailed,
}

public static class StopReasonText
{
    /// <summary>A sentence for steps, report and UI.</summary>
    public static string Describe(this StopReason reason) => reason switch
    {
        StopReason.TrafficPatternCompleted => "the traffic pattern completed",
        StopReason.MaxInvocationsReached => "the invocation rate reached StoppingConditions.MaxInvocations",
        StopReason.LatencyThresholdExceeded => "the latency percentile exceeded StoppingConditions.ModelLatencyThresholds",
        StopReason.InvocationsFlattened => "invocations flattened while users grew (FlatInvocations = Stop)",
        StopReason.ErrorRateExceeded => "1% or more of the invocations in a window failed",
        StopReason.JobDurationReached => "the job reached JobDurationInSeconds",
        StopReason.JobStopped => "the job was stopped",
        _ => "the endpoint failed",
    };
}
