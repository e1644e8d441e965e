using System.Text.Json.Serialization;

namespace RightSize.Fleet.Generation;

/// <summary>
/// The subjects of a fleet load. Requests to an agent are under <c>rightsize.agent.ID.generate.&gt;</c>, which, as the
/// endpoint work tree, only the coordinator's NATS user may publish to (docs/fleet.md), so no one else can start or
/// stop a load on an agent. Buckets travel as <see cref="RightSize.Load.SecondBucketCodec"/> bytes.
/// </summary>
internal static class GenerationSubjects
{
    /// <summary>Request/reply: the agent answers with its clock (<see cref="ClockReading"/>).</summary>
    public static string Clock(string agentId) => $"rightsize.agent.{agentId}.generate.clock";

    /// <summary>Request/reply: a <see cref="GeneratorAssignment"/>, answered by a <see cref="StartReply"/>.</summary>
    public static string Start(string agentId) => $"rightsize.agent.{agentId}.generate.start";

    /// <summary>Everything generators send for one run; the coordinator subscribes to it before any start.</summary>
    public static string Run(string runId) => $"rightsize.run.{runId}.>";

    public static string Bucket(string runId, int index) => $"rightsize.run.{runId}.bucket.{index}";

    public static string Done(string runId, int index) => $"rightsize.run.{runId}.done.{index}";

    /// <summary>The coordinator still wants the run (about once a second); a run whose lease lapses stops by itself.</summary>
    public static string Lease(string agentId, string runId) => $"rightsize.agent.{agentId}.generate.lease.{runId}";

    /// <summary>Request/reply: a coordinator at its start stops every load a killed one left (<see cref="StopAllReply"/>).</summary>
    public static string StopAll(string agentId) => $"rightsize.agent.{agentId}.generate.stop-all";

    /// <summary>The coordinator's Stop, sent to each generator of the run under its generate tree.</summary>
    public static string Stop(string agentId, string runId) => $"rightsize.agent.{agentId}.generate.stop.{runId}";
}

/// <summary>One generator's part of a fleet load, as the coordinator sends it.</summary>
public sealed record GeneratorAssignment
{
    public required string RunId { get; init; }

    public required int Generators { get; init; }

    public required int Index { get; init; }

    public required string Url { get; init; }

    public string Method { get; init; } = "POST";

    public byte[]? Body { get; init; }

    public string ContentType { get; init; } = "application/octet-stream";

    /// <summary>The whole load's users (closed loop) or most connections (open loop); the generator takes its share.</summary>
    public required int Connections { get; init; }

    /// <summary>The whole load's arrival rate (open loop), else null; the generator sends every K-th arrival.</summary>
    public double? Rate { get; init; }

    public required double DurationSeconds { get; init; }

    public required double TimeoutSeconds { get; init; }

    /// <summary><c>socket</c> or <c>httpclient</c>; null: the default for the URL.</summary>
    public string? Client { get; init; }

    /// <summary>
    /// With a lease, the run stops by itself when the coordinator renews it for this long (a coordinator killed with -9
    /// leaves no load behind); null: the run's own schedule bounds it.
    /// </summary>
    public double? LeaseSeconds { get; init; }

    /// <summary>A job's traffic pattern (closed loop): replaces <see cref="Connections"/> users for <see cref="DurationSeconds"/>.</summary>
    public ScheduleSpec? Schedule { get; init; }

    /// <summary>A job's sample payloads, sampled per request instead of <see cref="Body"/>.</summary>
    public IReadOnlyList<PayloadSpec>? Payloads { get; init; }

    /// <summary>The shared start instant, already translated into this agent's clock by its measured offset.</summary>
    public required DateTimeOffset StartAt { get; init; }
}

public sealed record StartReply(bool Accepted, string? Error);

public sealed record ClockReading(DateTimeOffset AgentTime);

/// <summary>How many runs a stop-all stopped.</summary>
public sealed record StopAllReply(int Stopped);

/// <summary>What a generator measured itself, sent after its last bucket (same connection, so after every bucket).</summary>
public sealed record GeneratorDone
{
    public required string RunId { get; init; }

    public required int Index { get; init; }

    public required string AgentId { get; init; }

    public long Requests { get; init; }

    public long Errors { get; init; }

    public int SecondsSent { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>True when the coordinator's Stop ended the load before its schedule did.</summary>
    public bool Stopped { get; init; }

    /// <summary>Why the generator could not run, else null.</summary>
    public string? Error { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GeneratorAssignment))]
[JsonSerializable(typeof(StartReply))]
[JsonSerializable(typeof(ClockReading))]
[JsonSerializable(typeof(StopAllReply))]
[JsonSerializable(typeof(GeneratorDone))]
internal sealed partial class GenerationJsonContext : JsonSerializerContext;
