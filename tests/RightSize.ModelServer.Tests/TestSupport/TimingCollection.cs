namespace RightSize.ModelServer.Tests.TestSupport;

/// <summary>Tests that measure throughput or latency run alone, so other tests do not take their CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
