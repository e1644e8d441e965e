using BenchmarkDotNet.Attributes;
using RightSize.Load;

namespace RightSize.Benchmarks.Fleet;

/// <summary>
/// Issue #12's coordinator cost: merging one second from 64 generators (goal at most 5 ms), as the coordinator does
/// once a second: check and add each generator's encoded bucket (<see cref="SecondMerger.Add"/>), then hand out the
/// merged second. NATS delivery is not included. Run by bench/fleet/run.sh.
/// </summary>
[MemoryDiagnoser]
public class CoordinatorMergeBenchmarks
{
    private byte[][] _encoded = [];

    /// <summary>Generators in the fleet.</summary>
    [Params(64)]
    public int Generators { get; set; }

    /// <summary>Invocations each generator completes in the second (its latencies spread over a few hundred buckets).</summary>
    [Params(1_000, 20_000)]
    public int PerGenerator { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var samples = FleetSamples.Record(1, Generators * PerGenerator, seed: 1);
        _encoded = [.. FleetSamples.Split(samples, 1, Generators, seed: 2).Select(g => SecondBucketCodec.Encode(g[0]))];
    }

    [Benchmark]
    public long MergeOneSecond()
    {
        var merger = new SecondMerger(Generators);
        for (var g = 0; g < _encoded.Length; g++)
        {
            merger.Add(g, _encoded[g]);
        }

        return merger.TakeComplete()[0].Invocations;
    }
}
