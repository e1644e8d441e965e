using RightSize.Load;

namespace RightSize.Fleet.Generation;

/// <summary>A fleet load's result: the merged seconds of every generator, and what each generator reported itself.</summary>
public sealed record FleetLoadSummary(AdHocLoadSummary Merged, IReadOnlyList<GeneratorReport> Generators)
{
    /// <summary>Seconds a generator's bytes were refused for (corrupt, repeated); each names the generator and field.</summary>
    public IReadOnlyList<ValidationError> BucketErrors { get; init; } = [];

    /// <summary>Whether the merged count equals the sum of the generators' own counts (it must, unless buckets were lost).</summary>
    public bool MergedMatchesGenerators => Merged.Requests == Generators.Sum(g => g.Requests);
}

/// <summary>One generator of a fleet load.</summary>
/// <param name="AgentId">The agent that ran it.</param>
/// <param name="Index">Its segment: users and every K-th arrival from this index.</param>
/// <param name="Clock">Its clock's measured offset from the coordinator's.</param>
public sealed record GeneratorReport(string AgentId, int Index, ClockOffset Clock)
{
    /// <summary>Requests the generator counted itself (null when its report never came).</summary>
    public long? Requests { get; init; }

    public long Errors { get; init; }

    public int SecondsSent { get; init; }

    public int SecondsMerged { get; init; }

    /// <summary>The coordinator's Stop ended its load before its schedule did.</summary>
    public bool Stopped { get; init; }

    /// <summary>Why it failed or was lost, else null.</summary>
    public string? Error { get; init; }
}
