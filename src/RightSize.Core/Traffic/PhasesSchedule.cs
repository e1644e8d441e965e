namespace RightSize.Traffic;

/// <summary>
/// SageMaker's PHASES pattern: phases back to back; each starts with its initial users and adds SpawnRate users per
/// minute, one every 60/SpawnRate seconds; at a phase change the count is reset to the next phase's initial users.
/// </summary>
public sealed class PhasesSchedule : ITrafficSchedule
{
    private readonly PhaseSpec[] _phases;
    private readonly TimeSpan[] _starts;

    public PhasesSchedule(IReadOnlyList<PhaseSpec> phases)
    {
        ArgumentOutOfRangeException.ThrowIfZero(phases.Count);
        _phases = [.. phases];
        _starts = new TimeSpan[_phases.Length];
        var start = TimeSpan.Zero;
        for (var i = 0; i < _phases.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_phases[i].InitialUsers);
            ArgumentOutOfRangeException.ThrowIfNegative(_phases[i].SpawnRatePerMinute);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_phases[i].Duration, TimeSpan.Zero);
            _starts[i] = start;
            start += _phases[i].Duration;
        }

        Duration = start;
    }

    public TimeSpan Duration { get; }

    public IReadOnlyList<PhaseSpec> Phases => _phases;

    public int UsersAt(TimeSpan elapsed)
    {
        var i = PhaseIndexAt(elapsed);
        if (i < 0)
        {
            return 0;
        }

        var phase = _phases[i];
        var spawned = phase.SpawnRatePerMinute == 0
            ? 0
            : (int)Math.Floor((elapsed - _starts[i]).TotalSeconds * phase.SpawnRatePerMinute / 60.0);
        return phase.InitialUsers + spawned;
    }

    public TimeSpan? NextChangeAfter(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var i = PhaseIndexAt(elapsed);
        if (i < 0)
        {
            return null;
        }

        var phase = _phases[i];
        var phaseEnd = _starts[i] + phase.Duration;
        if (phase.SpawnRatePerMinute > 0)
        {
            // Spawns happen at multiples of 60/SpawnRate seconds into the phase.
            var spawned = Math.Floor((elapsed - _starts[i]).TotalSeconds * phase.SpawnRatePerMinute / 60.0);
            var next = _starts[i] + TimeSpan.FromSeconds((spawned + 1) * 60.0 / phase.SpawnRatePerMinute);
            if (next < phaseEnd)
            {
                return next;
            }
        }

        return phaseEnd;
    }

    private int PhaseIndexAt(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            return -1;
        }

        for (var i = 0; i < _phases.Length; i++)
        {
            if (elapsed < _starts[i] + _phases[i].Duration)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One phase in schedule terms (validated; SageMaker's <c>Phase</c> has nullable members).</summary>
public sealed record PhaseSpec(int InitialUsers, int SpawnRatePerMinute, TimeSpan Duration);
