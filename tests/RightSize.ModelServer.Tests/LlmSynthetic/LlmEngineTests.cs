using RightSize.ModelServer.LlmSynthetic;

namespace RightSize.ModelServer.Tests.LlmSynthetic;

/// <summary>The simulated engine's schedule in virtual time: prefill, decode steps, batch seats and the KV budget.</summary>
public sealed class LlmEngineTests
{
    private static readonly LlmSyntheticOptions Options = new()
    {
        PrefillPerToken = TimeSpan.FromMilliseconds(0.5),
        DecodeStep = TimeSpan.FromMilliseconds(10),
        MaxBatch = 2,
        KvTokens = 1_000,
    };

    private static long Ms(double ms) => LlmEngine.Ticks(TimeSpan.FromMilliseconds(ms));

    [Fact]
    public void First_token_comes_after_the_prefill_of_the_input_and_each_next_one_a_decode_step_later()
    {
        var engine = new LlmEngine(Options);

        var admission = engine.Admit(arrival: Ms(1_000), inputTokens: 100, outputTokens: 10)!.Value;

        Assert.Equal(Ms(1_000) + (100 * Ms(0.5)), admission.FirstToken);
        Assert.Equal(Ms(10), admission.DecodeTicks);
    }

    [Fact]
    public void A_request_beyond_the_batch_waits_for_the_first_seat_to_free()
    {
        var engine = new LlmEngine(Options);
        var first = engine.Admit(0, 100, 10)!.Value;
        var second = engine.Admit(0, 100, 20)!.Value;

        var third = engine.Admit(Ms(1), 100, 10)!.Value;

        var firstFinishes = first.FirstToken + (9 * first.DecodeTicks);
        Assert.Equal(second.FirstToken, first.FirstToken);
        Assert.Equal(firstFinishes + (100 * Ms(0.5)), third.FirstToken);
    }

    [Fact]
    public void A_request_waits_while_the_kv_budget_is_taken_even_with_a_free_seat()
    {
        var engine = new LlmEngine(Options);
        var big = engine.Admit(0, 500, 300)!.Value;

        var next = engine.Admit(0, 200, 10)!.Value;

        Assert.Equal(big.FirstToken + (299 * big.DecodeTicks) + (200 * Ms(0.5)), next.FirstToken);
    }

    [Fact]
    public void A_request_larger_than_the_kv_budget_is_refused()
    {
        Assert.Null(new LlmEngine(Options).Admit(0, 900, 101));
    }

    [Fact]
    public void Below_the_batch_no_request_waits()
    {
        var engine = new LlmEngine(Options with { MaxBatch = 8 });

        var admissions = Enumerable.Range(0, 8).Select(i => engine.Admit(Ms(i), 10, 50)!.Value).ToList();

        Assert.All(admissions.Select((a, i) => (a, i)), x => Assert.Equal(Ms(x.i) + (10 * Ms(0.5)), x.a.FirstToken));
    }
}
