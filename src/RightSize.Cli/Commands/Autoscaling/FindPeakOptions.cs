using RightSize.Autoscaling;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>find-peak's options as given; <see cref="FindPeakRunner"/> checks them (every error at once) and runs.</summary>
internal sealed record FindPeakOptions
{
    public string? Url { get; init; }
    public string? Model { get; init; }
    public string? InstanceType { get; init; }
    public FileInfo? Workspace { get; init; }
    public DirectoryInfo? JobOutput { get; init; }
    public string? Job { get; init; }
    public string? EndpointUrl { get; init; }
    public string? RecommendationId { get; init; }
    public int StepSeconds { get; init; } = 5;
    public int MaxUsers { get; init; } = 256;
    public int? UsersStep { get; init; }
    public string Percentile { get; init; } = "p95";
    public double LatencyFactor { get; init; } = 2.0;
    public FileInfo? BodyFile { get; init; }
    public string ContentType { get; init; } = "text/csv";
    public bool Json { get; init; }

    /// <summary>The policy options; its MaxRps is replaced by the one found.</summary>
    public required ScalingPolicyInput Policy { get; init; }
}
