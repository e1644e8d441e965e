namespace RightSize.Traffic;

/// <summary>
/// An open-loop load: when each request is meant to be sent, whatever the target does. The load engine measures
/// every latency from its intended send time, so a target that stalls cannot slow the load down and hide it.
/// </summary>
public interface IArrivalSchedule
{
    /// <summary>The schedule's whole length; every arrival is before it.</summary>
    TimeSpan Duration { get; }

    /// <summary>Intended send times, as offsets from the start, in non-decreasing order.</summary>
    IEnumerable<TimeSpan> Arrivals();
}
