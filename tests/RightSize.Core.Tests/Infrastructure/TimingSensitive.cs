namespace RightSize.Core.Tests.Infrastructure;

/// <summary>
/// Tests that assert rates and latencies against real time run alone (after the parallel ones), so that on a
/// two-core machine other tests do not steal the CPU their numbers depend on.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
