using RightSize.Jobs;
using RightSize.Load;
using RightSize.Models;
using RightSize.Results;
using RightSize.Stopping;
using RightSize.Traffic;

namespace RightSize.Orchestration;

/// <summary>A validated, resolved job: everything the runner needs, and nothing left to look up.</summary>
public sealed record JobPlan
{
    public required CreateInferenceRecommendationsJobRequest Request { get; init; }

    public string JobName => Request.JobName!;

    public required string JobArn { get; init; }

    /// <summary>The model to start per test; null when the job loads an existing endpoint.</summary>
    public CreateModelRequest? Model { get; init; }

    /// <summary>The model's ModelDataUrl as a local folder.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>The existing endpoint of InputConfig.Endpoints, resolved through the workspace.</summary>
    public Uri? ExistingUrl { get; init; }

    public required IReadOnlyList<Payload> Payloads { get; init; }

    public required ITrafficSchedule Schedule { get; init; }

    public required StoppingPolicy Policy { get; init; }

    public int WindowSeconds { get; init; } = 60;

    /// <summary>JobDurationInSeconds: no test starts after it, running tests stop at it.</summary>
    public TimeSpan? JobDuration { get; init; }

    public int MaxParallelTests { get; init; } = 1;

    public ImportanceWeights Weights { get; init; } = ImportanceWeights.Default;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan SetupDeadline { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Idle time after which a serverless endpoint scales to zero (rightsize:serverless-idle-seconds).</summary>
    public TimeSpan ServerlessIdle { get; init; } = TimeSpan.FromMinutes(3);

    public required IReadOnlyList<TestPlan> Tests { get; init; }
}
