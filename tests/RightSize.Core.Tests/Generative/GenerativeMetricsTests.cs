using RightSize.Generative;

namespace RightSize.Core.Tests.Generative;

public sealed class GenerativeMetricsTests
{
    // One tick per millisecond keeps the arithmetic readable.
    private const double Frequency = 1_000;

    private static StreamRecord Streamed(long start, long[] chunks, int output)
    {
        var record = new StreamRecord { Start = start, End = chunks[^1], Outcome = StreamOutcome.Success, InputTokens = 50, OutputTokens = output, ServerCounted = true };
        record.Chunks.AddRange(chunks);
        return record;
    }

    [Fact]
    public void Metrics_follow_aiperf_definitions_and_failures_count_against_the_good_fraction()
    {
        var run = new StreamRun(new StreamLoadOptions { Concurrency = 2, RequestCount = 3 },
        [
            Streamed(0, [100, 110, 120, 130], output: 4),
            Streamed(10, [310, 350], output: 3),
            new StreamRecord { Start = 20, End = 500, Outcome = StreamOutcome.Timeout, Error = "no complete answer" },
        ], Origin: 0);

        var metrics = GenerativeMetrics.From(run, [new GoodputSlo("time_to_first_token", 150)], Frequency);

        Assert.Equal(200, metrics.Distributions["time_to_first_token"].Mean, 3);
        // ITL = (latency - TTFT) / (OSL - 1): (130 - 100) / 3 = 10 and (340 - 300) / 2 = 20.
        Assert.Equal(15, metrics.Distributions["inter_token_latency"].Mean, 3);
        Assert.Equal(4, metrics.Distributions["inter_chunk_latency"].Count);
        Assert.Equal(7, metrics.Scalar("total_osl"));
        Assert.Equal(0.5, metrics.Scalar("benchmark_duration"), 6);
        Assert.Equal(2, metrics.Scalar("request_count"));
        Assert.Equal(1, metrics.Scalar("error_request_count"));
        Assert.Equal(1, metrics.Scalar("good_request_count"));
        Assert.Equal(1.0 / 3, metrics.Scalar("good_request_fraction"), 6);
        Assert.Equal(14, metrics.Scalar("output_token_throughput"), 6);
        Assert.Equal((1, "no complete answer"), metrics.Errors["timeout"]);
    }

    [Fact]
    public void Goodput_slos_name_every_bad_item()
    {
        var errors = new List<string>();

        var slos = GoodputSlo.Parse("time_to_first_token:100 ttft:5 inter_token_latency:-1 request_latency", "parameters.goodput", errors);

        Assert.Equal([new GoodputSlo("time_to_first_token", 100)], slos);
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("parameters.goodput: ", e));
    }
}
