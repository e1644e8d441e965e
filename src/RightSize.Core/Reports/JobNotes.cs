using System.Text.Json;
using System.Text.Json.Serialization;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;

namespace RightSize.Reports;

/// <summary>
/// notes.json, written beside describe.json: what SageMaker's shapes have no field for, per test: its caveats (emulated,
/// limits not enforced, generator- or host-bound, price unverified) and how many of its windows were host-bound.
/// describe.json stays exactly SageMaker's response; a reader joins the two on RecommendationId or TestIndex.
/// </summary>
public static class JobNotes
{
    public static JobNotesDocument Build(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var snapshot = JobSnapshot.Take(job);
        return new JobNotesDocument
        {
            JobName = snapshot.Plan.JobName,
            Tests = [.. snapshot.Tests.Select(t => new TestNotes
            {
                TestIndex = t.Plan.Index,
                EndpointName = t.Plan.EndpointName,
                InstanceType = t.Plan.Configuration.InstanceType,
                RecommendationId = t.Metrics is null ? null : JobDescriber.RecommendationId(snapshot.Plan.JobName, t.Plan.Index),
                Status = t.Status,
                Caveats = t.Caveats,
                Windows = t.Windows.Count,
                HostBoundWindows = t.Windows.Count(w => w.HostBound == true),
                PeakWindowHostBound = t.Metrics?.PeakWindow.HostBound,
            })],
        };
    }

    public static void Write(JobRecord job, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(JsonSerializer.Serialize(Build(job), NotesJsonContext.Default.JobNotesDocument));
    }
}

/// <summary>The body of notes.json.</summary>
public sealed record JobNotesDocument
{
    public required string JobName { get; init; }
    public required IReadOnlyList<TestNotes> Tests { get; init; }
}

/// <summary>One test's caveats and its host-bound windows.</summary>
public sealed record TestNotes
{
    public required int TestIndex { get; init; }
    public required string EndpointName { get; init; }
    public string? InstanceType { get; init; }

    /// <summary>The recommendation in describe.json that these notes qualify; null when the test did not complete.</summary>
    public string? RecommendationId { get; init; }

    public required RecommendationStatus Status { get; init; }
    public required IReadOnlyList<Caveat> Caveats { get; init; }
    public required int Windows { get; init; }
    public required int HostBoundWindows { get; init; }

    /// <summary>Whether the window the numbers come from was host-bound; null without results or where not watched.</summary>
    public bool? PeakWindowHostBound { get; init; }
}

/// <summary>notes.json's serializer: SageMaker-style member names, indented, nulls omitted.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobNotesDocument))]
public sealed partial class NotesJsonContext : JsonSerializerContext;
