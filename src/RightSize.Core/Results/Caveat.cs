using System.Text.Json;
using System.Text.Json.Serialization;

namespace RightSize.Results;

/// <summary>
/// What a test's numbers did not measure as asked, one kind per way a number can mislead; <see cref="Note"/> is context
/// that does not qualify a number (e.g. the cgroup that enforced the limits). Serialized in kebab case.
/// </summary>
[JsonConverter(typeof(CaveatKindConverter))]
public enum CaveatKind
{
    /// <summary>Context only: how the endpoint ran, nothing that makes a number less true.</summary>
    Note,

    /// <summary>The instance type's CPU or memory limits could not be enforced on this host.</summary>
    LimitsNotEnforced,

    /// <summary>The type ran scaled down by a factor (rightsize:emulate-proportional).</summary>
    Emulated,

    /// <summary>An accelerator type (GPU, Inferentia, Trainium) ran on CPU (rightsize:emulate-accelerators).</summary>
    AcceleratorEmulated,

    /// <summary>The load generator was nearly saturated in the peak window: the endpoint may serve more.</summary>
    GeneratorBound,

    /// <summary>Other processes, the run queue or steal time saturated the host in the peak window.</summary>
    HostBound,

    /// <summary>The price per hour comes from a source that was not verified.</summary>
    PriceUnverified,

    /// <summary>A Default job's test ended before its load saturated the endpoint: its numbers are a lower bound.</summary>
    NotSaturated,
}

/// <summary>One caveat on a test's results: its kind and what exactly happened.</summary>
public sealed record Caveat(CaveatKind Kind, string Detail)
{
    /// <summary>Whether it qualifies the numbers (every kind but <see cref="CaveatKind.Note"/>).</summary>
    [JsonIgnore]
    public bool QualifiesNumbers => Kind != CaveatKind.Note;

    /// <summary>The kind as it appears in files and the API, e.g. <c>host-bound</c>.</summary>
    [JsonIgnore]
    public string KindName => Name(Kind);

    public static string Name(CaveatKind kind) => Names[(int)kind];

    /// <summary>The kind of a name <see cref="Name"/> gives; null for anything else.</summary>
    public static CaveatKind? Parse(string? name) => Array.IndexOf(Names, name) is var i and >= 0 ? (CaveatKind)i : null;

    // In CaveatKind's order.
    private static readonly string[] Names =
        ["note", "limits-not-enforced", "emulated", "accelerator-emulated", "generator-bound", "host-bound", "price-unverified", "not-saturated"];

    public override string ToString() => $"{KindName}: {Detail}";
}

/// <summary>Writes and reads a <see cref="CaveatKind"/> by its kebab-case name.</summary>
public sealed class CaveatKindConverter : JsonConverter<CaveatKind>
{
    public override CaveatKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Caveat.Parse(reader.GetString()) ?? throw new JsonException($"unknown caveat kind '{reader.GetString()}'");

    public override void Write(Utf8JsonWriter writer, CaveatKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Caveat.Name(value));
}
