namespace RightSize.Traffic;

/// <summary>A fixed number of users for a fixed time: <c>rightsize load -c N -d D</c>.</summary>
public sealed class ConstantSchedule : ITrafficSchedule
{
    private readonly int _users;

    public ConstantSchedule(int users, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(users);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        _users = users;
        Duration = duration;
    }

    public TimeSpan Duration { get; }

    public int UsersAt(TimeSpan elapsed) => elapsed >= TimeSpan.Zero && elapsed < Duration ? _users : 0;

    public TimeSpan? NextChangeAfter(TimeSpan elapsed) => elapsed < Duration ? Duration : null;
}
