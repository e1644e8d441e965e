using RightSize.Load;
using RightSize.Load.Http;

namespace RightSize.Autoscaling;

/// <summary>
/// Finds one instance's peak rate: closed-loop steps of growing user counts (each an ad-hoc load), stopping at the
/// first step past the knee (<see cref="KneeRule"/>). The first second of each step is not measured: it holds the
/// warm-up (connections, JIT) and the transition from the previous step. A step past the knee is measured once more
/// and the second measurement counts, so one hiccup of a busy machine does not end the search early.
/// </summary>
public static class PeakSearch
{
    /// <summary>The user counts to try: 1, 2, 4, 8 ... (doubling) or 1, 1 + k, 1 + 2k ..., up to and including the limit.</summary>
    public static IReadOnlyList<int> UserSteps(int maxUsers, int? increment)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxUsers);
        var users = new List<int>();
        for (var u = 1; u <= maxUsers; u = increment is { } k ? u + k : u * 2)
        {
            users.Add(u);
        }

        if (users[^1] != maxUsers)
        {
            users.Add(maxUsers);
        }

        return users;
    }

    /// <summary>Runs the steps until the knee or the user limit; cancelling throws <see cref="OperationCanceledException"/>.</summary>
    public static async Task<PeakSearchResult> RunAsync(
        PeakSearchOptions options, TimeProvider time, IProgress<PeakStep>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var steps = new List<PeakStep>();
        foreach (var users in UserSteps(options.MaxUsers, options.UsersIncrement))
        {
            steps.Add(await RunStepAsync(options, users, time, cancellationToken));
            if (KneeRule.FindKnee(steps, options.Knee) is not null)
            {
                steps[^1] = await RunStepAsync(options, users, time, cancellationToken);
            }

            progress?.Report(steps[^1]);
            if (KneeRule.FindKnee(steps, options.Knee) is not null)
            {
                break;
            }
        }

        return new PeakSearchResult(steps, KneeRule.Estimate(steps, options.Knee));
    }

    private static async Task<PeakStep> RunStepAsync(PeakSearchOptions options, int users, TimeProvider time, CancellationToken cancellationToken)
    {
        var seconds = new SecondCollector();
        var load = new AdHocLoadOptions(options.Url)
        {
            Connections = users,
            Duration = options.StepDuration,
            Method = options.Method,
            Body = options.Body,
            Timeout = options.Timeout,
        };
        await AdHocLoad.RunAsync(load, time, seconds, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var length = (int)options.StepDuration.TotalSeconds;
        var first = length >= 2 ? 1 : 0;
        var latency = new LatencyHistogram();
        long invocations = 0;
        long success = 0;
        foreach (var second in seconds.Buckets.Where(b => b.Second >= first && b.Second < length))
        {
            latency.Add(second.Latency);
            invocations += second.Invocations;
            success += second.Success;
        }

        return new PeakStep(
            users,
            invocations / (double)(length - first),
            invocations == 0 ? 0 : success / (double)invocations,
            latency.ValueAtPercentile(50) / 1e6,
            latency.ValueAtPercentile(95) / 1e6,
            latency.ValueAtPercentile(99) / 1e6)
        {
            Invocations = invocations,
        };
    }

    // Synchronous on purpose: Progress<T> would post to the thread pool and race with reading the list.
    private sealed class SecondCollector : IProgress<SecondBucket>
    {
        public List<SecondBucket> Buckets { get; } = [];

        public void Report(SecondBucket value) => Buckets.Add(value);
    }
}

/// <summary>How to search for one instance's peak rate.</summary>
/// <param name="Url">The instance's invocations URL.</param>
public sealed record PeakSearchOptions(Uri Url)
{
    /// <summary>How long each step runs, in whole seconds; its first second is warm-up when it lasts 2 s or more.</summary>
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxUsers { get; init; } = 256;

    /// <summary>Users added per step; null doubles the users each step.</summary>
    public int? UsersIncrement { get; init; }

    public string Method { get; init; } = "POST";

    public Payload? Body { get; init; }

    public TimeSpan Timeout { get; init; } = Invokers.DefaultTimeout;

    public KneeRuleOptions Knee { get; init; } = new();
}

/// <summary>The measured steps (up to and including the knee) and the estimate drawn from them.</summary>
public sealed record PeakSearchResult(IReadOnlyList<PeakStep> Steps, PeakEstimate Estimate);
