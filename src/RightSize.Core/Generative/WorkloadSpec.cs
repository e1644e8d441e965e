using System.Text.Json.Nodes;
using RightSize.Traffic;

namespace RightSize.Generative;

/// <summary>
/// The workload of a generative benchmark: SageMaker's <c>benchmark.type: aiperf</c> document with the
/// <c>parameters</c> RightSize implements (<see cref="WorkloadSpecReader"/> lists them). Defaults are AIPerf's.
/// </summary>
public sealed record WorkloadSpec
{
    public double InputTokensMean { get; init; } = 550;

    public double InputTokensStddev { get; init; }

    /// <summary>Null leaves the output length to the endpoint (no max tokens sent).</summary>
    public double? OutputTokensMean { get; init; }

    public double OutputTokensStddev { get; init; }

    /// <summary>One pass per level; empty with a rate (open loop), or means 1.</summary>
    public IReadOnlyList<int> Concurrency { get; init; } = [];

    public double? RequestRate { get; init; }

    public ArrivalProcess RequestRateMode { get; init; } = ArrivalProcess.Poisson;

    public int? RequestCount { get; init; }

    public TimeSpan? BenchmarkDuration { get; init; }

    public bool Streaming { get; init; } = true;

    public IReadOnlyList<GoodputSlo> Goodput { get; init; } = [];

    public int RandomSeed { get; init; } = 42;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public int WarmupRequestCount { get; init; }

    /// <summary>How requests spread over a benchmark target's inference components.</summary>
    public ModelSelectionStrategy ModelSelection { get; init; } = ModelSelectionStrategy.RoundRobin;

    /// <summary>The <c>model</c> field sent in OpenAI requests.</summary>
    public string? Model { get; init; }

    /// <summary>The max-concurrency-under-SLA search; when set, it chooses the passes (<see cref="PassAt"/> each probe).</summary>
    public SlaSearch? Search { get; init; }

    /// <summary>The passes to run: one per concurrency level, or one open-loop pass at the rate (capped by a single level); none with a search.</summary>
    public IReadOnlyList<StreamLoadOptions> Passes()
    {
        if (Search is not null)
        {
            return [];
        }

        if (RequestRate is { } rate)
        {
            return [Pass(Concurrency.Count == 1 ? Concurrency[0] : null) with { Rate = rate }];
        }

        return [.. (Concurrency.Count == 0 ? [1] : Concurrency).Select(level => Pass(level))];
    }

    /// <summary>A closed-loop pass at this concurrency with the spec's request count or duration (a search's probe).</summary>
    public StreamLoadOptions PassAt(int concurrency) => Pass(concurrency);

    private StreamLoadOptions Pass(int? concurrency) => new()
    {
        Concurrency = concurrency,
        Arrivals = RequestRateMode,
        // AIPerf's default for synthetic prompts: max(10, 2 x concurrency).
        RequestCount = RequestCount ?? (BenchmarkDuration is null ? Math.Max(10, 2 * (concurrency ?? 1)) : null),
        Duration = BenchmarkDuration,
        Seed = RandomSeed,
    };
}
