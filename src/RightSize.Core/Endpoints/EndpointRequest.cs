using RightSize.Jobs;
using RightSize.Models;

namespace RightSize.Endpoints;

/// <summary>What a test needs provisioned: a model (or an existing URL) on an instance type or serverless settings.</summary>
public sealed record EndpointRequest
{
    /// <summary>The endpoint's name, as reported in EndpointConfiguration.EndpointName.</summary>
    public required string EndpointName { get; init; }

    /// <summary>The model to serve; null when <see cref="ExistingUrl"/> is set.</summary>
    public CreateModelRequest? Model { get; init; }

    /// <summary>The model's ModelDataUrl resolved to a local folder; null when the model has none.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>An endpoint that already runs (workspace Endpoints); nothing is started or stopped.</summary>
    public Uri? ExistingUrl { get; init; }

    /// <summary>The instance type's name (for messages) and the resources it gives the endpoint.</summary>
    public string? InstanceType { get; init; }

    public EndpointResources? Resources { get; init; }

    /// <summary>NVIDIA GPUs to give the endpoint (Docker device requests); 0 runs it on CPU only.</summary>
    public int Gpus { get; init; }

    public ProductionVariantServerlessConfig? ServerlessConfig { get; init; }

    /// <summary>Serverless only: idle time after which the endpoint scales to zero (the next request is a cold start).</summary>
    public TimeSpan ServerlessIdle { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The model's Environment plus the test's environment parameter values (which win).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the endpoint may take to answer /ping; SageMaker allows 4 minutes.</summary>
    public TimeSpan SetupDeadline { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Fleet agents lost earlier in this test: a provider that places endpoints on agents picks another.</summary>
    public IReadOnlySet<string> AvoidAgents { get; init; } = new HashSet<string>();

    /// <summary>
    /// What MemoryUtilization is a percent of when <see cref="Resources"/> sets no limit (a fleet agent's host memory,
    /// GiB); null leaves it unmeasured.
    /// </summary>
    public double? MemoryReferenceGiB { get; init; }

    /// <summary>
    /// The address other hosts reach the endpoint at (a fleet agent's); null keeps it on 127.0.0.1. A process listens
    /// there; a container listens on 0.0.0.0 inside and Docker publishes its port there.
    /// </summary>
    public string? BindAddress { get; init; }
}

/// <summary>The CPU and memory an endpoint may use: an instance type's, or a serverless memory size's share.</summary>
public sealed record EndpointResources(double VCpus, double MemoryGiB);
