namespace RightSize.Traffic;

/// <summary>
/// SageMaker's STAIRS pattern: NumberOfSteps steps of DurationInSeconds / NumberOfSteps each; step k (from 0) runs
/// UsersPerStep x (k + 1) users.
/// </summary>
public sealed class StairsSchedule : ITrafficSchedule
{
    public StairsSchedule(TimeSpan duration, int numberOfSteps, int usersPerStep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numberOfSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(usersPerStep);
        Duration = duration;
        NumberOfSteps = numberOfSteps;
        UsersPerStep = usersPerStep;
        StepDuration = duration / numberOfSteps;
    }

    public TimeSpan Duration { get; }

    public int NumberOfSteps { get; }

    public int UsersPerStep { get; }

    public TimeSpan StepDuration { get; }

    public int UsersAt(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero || elapsed >= Duration)
        {
            return 0;
        }

        var step = Math.Min(NumberOfSteps - 1, (int)(elapsed.Ticks / StepDuration.Ticks));
        return UsersPerStep * (step + 1);
    }

    public TimeSpan? NextChangeAfter(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        if (elapsed >= Duration)
        {
            return null;
        }

        var step = Math.Min(NumberOfSteps - 1, (int)(elapsed.Ticks / StepDuration.Ticks));
        return step == NumberOfSteps - 1 ? Duration : StepDuration * (step + 1);
    }
}
