using RightSize.Catalog;

namespace RightSize.Jobs;

/// <summary>How strictly <see cref="JobValidator"/> checks a job.</summary>
public sealed record JobValidationOptions
{
    public static JobValidationOptions Strict { get; } = new();

    /// <summary>
    /// Accept traffic durations down to 1 s, up to 10000 users, P50/P90/P999 thresholds and MaxInvocations up to
    /// 10,000,000 (development and CI). Everything else stays as SageMaker documents it.
    /// </summary>
    public bool Relaxed { get; init; }

    /// <summary>When set, every <c>InstanceType</c> must be in this catalog.</summary>
    public InstanceCatalog? Catalog { get; init; }
}
