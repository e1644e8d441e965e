using System.Text.Json.Serialization;

namespace RightSize.Catalog;

/// <summary>
/// One instance type of the catalog, in the catalog's JSON form (rightsize.json InstanceTypes). <see cref="Verified"/> says whether the price was
/// checked against an AWS source (true) or taken from a third-party table or set nominally (false).
/// </summary>
public sealed record InstanceType
{
    /// <summary>The type's name, e.g. <c>ml.m5.large</c> (JSON <c>InstanceType</c>).</summary>
    [JsonPropertyName("InstanceType")]
    public required string Name { get; init; }

    /// <summary>vCPUs; fractional values are allowed (a local profile may get half a core).</summary>
    public required double VCpus { get; init; }

    public required double MemoryGiB { get; init; }

    public int Gpus { get; init; }

    /// <summary>On-demand USD per instance-hour (real-time inference, us-east-1 where it matters); NaN (JSON "NaN") when no source is known.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public required double PricePerHour { get; init; }

    public string? PriceSource { get; init; }

    /// <summary>When the price was read from its source (ISO date).</summary>
    public DateOnly? PriceDate { get; init; }

    public bool Verified { get; init; }
}
