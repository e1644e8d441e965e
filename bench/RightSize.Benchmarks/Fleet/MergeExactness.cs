using System.Globalization;
using RightSize.Load;

namespace RightSize.Benchmarks.Fleet;

/// <summary>
/// Issue #12's merge exactness: a recorded load split across K = 1..16 simulated generators, each second encoded and
/// merged by <see cref="SecondMerger"/> as the coordinator does, gives the same percentiles as one recorder of all
/// samples (and the same bytes for every second). Run by bench/fleet/run.sh as <c>RightSize.Benchmarks fleet-exactness</c>;
/// exits 1 on any difference.
/// </summary>
internal static class MergeExactness
{
    private const int Seconds = 10;
    private const int PerSecond = 20_000;
    private static readonly double[] Percentiles = [50, 90, 99, 99.9, 100];

    public static int Run(TextWriter output)
    {
        var samples = FleetSamples.Record(Seconds, PerSecond, seed: 1);
        var whole = FleetSamples.Split(samples, Seconds, 1, seed: 0)[0];
        var reference = new LatencyHistogram();
        foreach (var second in whole)
        {
            reference.Add(second.Latency);
        }

        output.WriteLine($"{Seconds} s x {PerSecond:N0} invocations (log-normal around 10 ms, 2% errors); each sample on a random generator");
        output.WriteLine($"{"K",3} {"requests",10} {"p50 ms",9} {"p90 ms",9} {"p99 ms",9} {"p99.9 ms",9} {"max ms",9}  same as one recorder");
        output.WriteLine($"{"1r",3} {samples.Length,10} {Row(reference)}  (the one recorder)");
        var failures = 0;
        for (var k = 1; k <= 16; k++)
        {
            var parts = FleetSamples.Split(samples, Seconds, k, seed: k);
            var merger = new SecondMerger(k);
            for (var s = 0; s < Seconds; s++)
            {
                for (var g = 0; g < k; g++)
                {
                    if (merger.Add(g, SecondBucketCodec.Encode(parts[g][s])) is { } error)
                    {
                        throw new InvalidOperationException(error.ToString());
                    }
                }
            }

            var merged = merger.TakeComplete();
            var histogram = new LatencyHistogram();
            long requests = 0;
            var sameBytes = merged.Count == Seconds;
            for (var s = 0; s < merged.Count; s++)
            {
                histogram.Add(merged[s].Latency);
                requests += merged[s].Invocations;
                sameBytes &= SecondBucketCodec.Encode(merged[s]).AsSpan().SequenceEqual(SecondBucketCodec.Encode(whole[s]));
            }

            var same = sameBytes && requests == samples.Length && Percentiles.All(p => histogram.ValueAtPercentile(p) == reference.ValueAtPercentile(p));
            failures += same ? 0 : 1;
            output.WriteLine($"{k,3} {requests,10} {Row(histogram)}  {(same ? "yes (every second's bytes identical)" : "NO")}");
        }

        output.WriteLine(failures == 0 ? "merge exactness: every K gives the one recorder's percentiles" : $"merge exactness FAILED for {failures} K");
        return failures == 0 ? 0 : 1;
    }

    private static string Row(LatencyHistogram h) =>
        string.Join(' ', Percentiles.Select(p => (h.ValueAtPercentile(p) / 1e6).ToString("0.000", CultureInfo.InvariantCulture).PadLeft(9)));
}
