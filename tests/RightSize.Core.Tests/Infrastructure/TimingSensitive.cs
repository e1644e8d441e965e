namespace RightSize.Core.Tests.Infrastructure;

/// <summary>
/// Tests that measure throughput or latency run alone: on a 2-core machine, other tests running beside them would
/// steal the CPU and bend the very numbers they check.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
