namespace RightSize.Fleet.Tests.Infrastructure;

/// <summary>Tests that kill processes and wait on heartbeats run alone: the machine has 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
