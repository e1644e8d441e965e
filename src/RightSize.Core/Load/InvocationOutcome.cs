namespace RightSize.Load;

/// <summary>How one invocation ended. Everything but <see cref="Success"/> counts as a failed invocation.</summary>
public enum InvocationOutcome : byte
{
    /// <summary>A 2xx response, fully read.</summary>
    Success,

    /// <summary>A 4xx response (429 throttling included).</summary>
    ClientError,

    /// <summary>A 5xx response.</summary>
    ServerError,

    /// <summary>No complete response within the per-request timeout.</summary>
    Timeout,

    /// <summary>The connection could not be made or broke before a response arrived.</summary>
    ConnectionError,
}
