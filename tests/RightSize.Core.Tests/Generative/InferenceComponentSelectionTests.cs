using RightSize.Generative;

namespace RightSize.Core.Tests.Generative;

public sealed class InferenceComponentSelectionTests
{
    [Fact]
    public void Round_robin_sends_request_n_to_component_n_mod_N_and_none_names_no_component()
    {
        var selection = new InferenceComponentSelection(["a", "b", "c"], ModelSelectionStrategy.RoundRobin, seed: 1);

        Assert.Equal(["a", "b", "c", "a", "b", "c", "a"], Enumerable.Range(0, 7).Select(_ => selection.Next()));
        Assert.Null(new InferenceComponentSelection([], ModelSelectionStrategy.Random, seed: 1).Next());
    }

    [Fact]
    public void Random_draws_every_component_and_repeats_with_the_seed()
    {
        List<string?> Draw(int seed)
        {
            var selection = new InferenceComponentSelection(["a", "b"], ModelSelectionStrategy.Random, seed);
            return [.. Enumerable.Range(0, 64).Select(_ => selection.Next())];
        }

        var first = Draw(42);

        Assert.Equal(first, Draw(42));
        Assert.Equal(["a", "b"], first.Distinct().Order());
        Assert.NotEqual(first, Draw(7));
    }
}
