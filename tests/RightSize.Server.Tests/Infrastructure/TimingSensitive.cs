namespace RightSize.Server.Tests.Infrastructure;

/// <summary>Tests that run real jobs (rates, timing, kill -9) run alone: the machine has 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
