namespace RightSize.Traffic;

/// <summary>
/// How many virtual users run at each moment of a test: a pure function of the elapsed time, so it is tested with
/// a fake clock and the load engine only has to follow it.
/// </summary>
public interface ITrafficSchedule
{
    /// <summary>The schedule's whole length; at and after it no user runs.</summary>
    TimeSpan Duration { get; }

    /// <summary>The number of users that should be running at <paramref name="elapsed"/> since the test started.</summary>
    int UsersAt(TimeSpan elapsed);

    /// <summary>The first moment after <paramref name="elapsed"/> at which the user count changes; null when none does.</summary>
    TimeSpan? NextChangeAfter(TimeSpan elapsed);
}
