namespace RightSize.Cli.Tests.Infrastructure;

/// <summary>
/// Tests that check rates and latencies of real endpoints run alone, so other tests do not steal the CPU their
/// numbers depend on (the machine has 2 cores).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
