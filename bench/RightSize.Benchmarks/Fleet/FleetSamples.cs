using RightSize.Load;

namespace RightSize.Benchmarks.Fleet;

/// <summary>A recorded load for the fleet benchmarks: seconds of log-normal latencies (around 10 ms, long tail), 2% errors.</summary>
internal static class FleetSamples
{
    /// <summary>(second, latency in ns, outcome) for <paramref name="perSecond"/> invocations in each of <paramref name="seconds"/> seconds.</summary>
    public static (int Second, long Nanoseconds, InvocationOutcome Outcome)[] Record(int seconds, int perSecond, int seed)
    {
        var random = new Random(seed);
        var samples = new (int, long, InvocationOutcome)[seconds * perSecond];
        for (var i = 0; i < samples.Length; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var outcome = random.Next(50) == 0 ? InvocationOutcome.ServerError : InvocationOutcome.Success;
            samples[i] = (i / perSecond, (long)Math.Exp(Math.Log(10e6) + (0.6 * normal)), outcome);
        }

        return samples;
    }

    /// <summary>The seconds of <paramref name="samples"/> as <paramref name="generators"/> generators would record them, each sample on a random one.</summary>
    public static SecondBucket[][] Split((int Second, long Nanoseconds, InvocationOutcome Outcome)[] samples, int seconds, int generators, int seed)
    {
        var random = new Random(seed);
        var buckets = Enumerable.Range(0, generators).Select(_ => Enumerable.Range(0, seconds).Select(s => new SecondBucket(s)).ToArray()).ToArray();
        foreach (var (second, nanoseconds, outcome) in samples)
        {
            buckets[random.Next(generators)][second].Record(nanoseconds, outcome);
        }

        return buckets;
    }
}
