namespace RightSize.Generative;

/// <summary>How requests are spread over several inference components (the spec's <c>model_selection_strategy</c>).</summary>
public enum ModelSelectionStrategy
{
    /// <summary>Request n (in send order) goes to component n mod N.</summary>
    RoundRobin,

    /// <summary>Each request to a component drawn uniformly with the spec's seed.</summary>
    Random,
}

/// <summary>Picks the inference component of each request; thread-safe (requests are sent from many tasks).</summary>
internal sealed class InferenceComponentSelection(IReadOnlyList<string> components, ModelSelectionStrategy strategy, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();
    private long _next = -1;

    /// <summary>The component of the next request; null when the endpoint is invoked without one.</summary>
    public string? Next()
    {
        if (components.Count == 0)
        {
            return null;
        }

        if (strategy == ModelSelectionStrategy.RoundRobin)
        {
            return components[(int)(Interlocked.Increment(ref _next) % components.Count)];
        }

        lock (_lock)
        {
            return components[_random.Next(components.Count)];
        }
    }
}
