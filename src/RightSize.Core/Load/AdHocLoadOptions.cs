using RightSize.Load.Http;
using RightSize.Traffic;

namespace RightSize.Load;

/// <summary>An ad-hoc load on one URL (<c>rightsize load</c>), as wrk or hey run it.</summary>
/// <param name="Url">Where every request goes.</param>
public sealed record AdHocLoadOptions(Uri Url)
{
    /// <summary>Closed loop: the number of users (each with its connection). Open loop: the most connections in use at once.</summary>
    public int Connections { get; init; } = 10;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When set, an open loop at this many requests per second instead of a closed loop.</summary>
    public double? Rate { get; init; }

    public string Method { get; init; } = "POST";

    /// <summary>The request body; none sends an empty body.</summary>
    public Payload? Body { get; init; }

    public TimeSpan Timeout { get; init; } = Invokers.DefaultTimeout;

    /// <summary>
    /// This generator's segment when several share the load (a fleet load): its part of <see cref="Connections"/> and
    /// every K-th arrival of <see cref="Rate"/>. The summary then describes the segment only.
    /// </summary>
    public LoadShare Share { get; init; } = LoadShare.Whole;

    /// <summary>A traffic pattern for the closed loop instead of <see cref="Connections"/> users for <see cref="Duration"/> (a job's test on generator agents).</summary>
    public ITrafficSchedule? Schedule { get; init; }

    /// <summary>Bodies sampled per request instead of <see cref="Body"/> (a job's payloads).</summary>
    public IReadOnlyList<Payload>? Payloads { get; init; }

    /// <summary>The HTTP client; by default the socket client for http:// and HttpClient for https://.</summary>
    public LoadClient? Client { get; init; }
}
