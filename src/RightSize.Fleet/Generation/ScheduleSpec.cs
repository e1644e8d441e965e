using RightSize.Load;
using RightSize.Traffic;

namespace RightSize.Fleet.Generation;

/// <summary>A job's traffic pattern as a generator assignment carries it: SageMaker's PHASES or STAIRS.</summary>
public sealed record ScheduleSpec
{
    public IReadOnlyList<PhaseSpec>? Phases { get; init; }

    public double? StairsDurationSeconds { get; init; }

    public int? StairsSteps { get; init; }

    public int? StairsUsersPerStep { get; init; }

    /// <summary>The pattern of <paramref name="schedule"/>, or null for one that cannot travel (then the load stays on the coordinator).</summary>
    public static ScheduleSpec? Of(ITrafficSchedule schedule) => schedule switch
    {
        PhasesSchedule phases => new ScheduleSpec { Phases = phases.Phases },
        StairsSchedule stairs => new ScheduleSpec
        {
            StairsDurationSeconds = stairs.Duration.TotalSeconds,
            StairsSteps = stairs.NumberOfSteps,
            StairsUsersPerStep = stairs.UsersPerStep,
        },
        _ => null,
    };

    /// <summary>The schedule again, or why the spec is not one.</summary>
    public (ITrafficSchedule? Schedule, string? Error) ToSchedule()
    {
        try
        {
            return Phases is { Count: > 0 } phases ? (new PhasesSchedule(phases), null)
                : StairsDurationSeconds is { } d && StairsSteps is { } n && StairsUsersPerStep is { } u ? (new StairsSchedule(TimeSpan.FromSeconds(d), n, u), null)
                : (null, "the schedule has neither phases nor stairs");
        }
        catch (ArgumentOutOfRangeException e)
        {
            return (null, $"the schedule is not valid: {e.Message}");
        }
    }
}

/// <summary>One sample payload as a generator assignment carries it.</summary>
public sealed record PayloadSpec(byte[] Body, string ContentType)
{
    public Payload ToPayload() => new(Body, ContentType);
}
