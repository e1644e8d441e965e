using System.Text.Json;
using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Load;
using RightSize.Load.Http;

namespace RightSize.Fleet.Generation;

/// <summary>
/// The coordinator of a fleet load (<c>rightsize load URL --fleet NATS --generators K</c>): splits one ad-hoc load
/// across K generator agents, starts them at one shared instant (translated into each agent's clock by its measured
/// offset), merges their seconds exactly by second index, and sends Stop when cancelled or when a generator fails.
/// </summary>
public static class FleetLoad
{
    // Time for every agent to receive its assignment before the shared start, besides the round trips.
    private static readonly TimeSpan StartLead = TimeSpan.FromSeconds(1);
    // How long after Stop (or the schedule's end plus the request timeout) the coordinator waits for the last reports.
    private static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(10);
    private static readonly NatsSubOpts ReplyWithin = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<Result<FleetLoadSummary>> RunAsync(
        INatsConnection nats, AdHocLoadOptions options, int generators, TimeProvider time, IProgress<SecondBucket>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nats);
        ArgumentNullException.ThrowIfNull(options);
        if (generators < 1 || options.Connections < generators)
        {
            return Result<FleetLoadSummary>.Failure("--generators", $"{generators} generators for {options.Connections} connections: give 1 to --connections generators, each needs a connection");
        }

        var registry = AgentRegistry.Open(nats);
        var agents = (await registry.ListAsync(cancellationToken)).Where(a => a.Roles.Contains(AgentRole.Generator)).Take(generators).ToList();
        if (agents.Count < generators)
        {
            return Result<FleetLoadSummary>.Failure("--generators", $"{generators} generators asked for, but {agents.Count} agent(s) with the generator role are registered: start more with 'rightsize agent --roles generator'");
        }

        var client = options.Client ?? Invokers.DefaultFor(options.Url);
        var started = await StartRunAsync(nats, agents, (i, startAt) => AssignmentOf(options, client, generators, i, startAt), time, progress, cancellationToken);
        if (started.Error is { } refused)
        {
            return Result<FleetLoadSummary>.Failure("--fleet", refused);
        }

        var (run, reports, clocks, startAt) = (started.Run!, started.Reports!, started.Clocks, started.StartAt);
        await using var _ = reports;
        var deadline = startAt + options.Duration + options.Timeout + ReportGrace;
        await run.CollectAsync(reports, deadline, cancellationToken);
        var merged = run.Totals.Summarize(options, client, TimeSpan.FromSeconds(run.Done.Max(d => d?.DurationSeconds ?? 0)));
        var generatorReports = agents.Select((a, i) => new GeneratorReport(a.Id, i, clocks[i])
        {
            Requests = run.Done[i]?.Requests,
            Errors = run.Done[i]?.Errors ?? 0,
            SecondsSent = run.Done[i]?.SecondsSent ?? 0,
            SecondsMerged = run.Merger.Received[i],
            Stopped = run.Done[i]?.Stopped ?? false,
            Error = run.Done[i] is null ? "no report before the deadline (agent lost?)" : run.Done[i]!.Error,
        }).ToList();
        return Result<FleetLoadSummary>.Success(new FleetLoadSummary(merged, generatorReports) { BucketErrors = run.Errors });
    }

    /// <summary>A run started on its generators: the merger, the subscription its reports come on, each agent's clock and the shared start.</summary>
    internal sealed record StartedRun(FleetRun? Run, INatsSub<byte[]>? Reports, ClockOffset[] Clocks, DateTimeOffset StartAt, string? Error);

    /// <summary>
    /// Measures each agent's clock, subscribes to the run's reports, picks the shared start and sends each agent its
    /// assignment (<paramref name="assignmentOf"/> of its index and the start in its own clock). A refusal stops the others.
    /// </summary>
    internal static async Task<StartedRun> StartRunAsync(INatsConnection nats, IReadOnlyList<AgentInfo> agents, Func<int, DateTimeOffset, GeneratorAssignment> assignmentOf,
        TimeProvider time, IProgress<SecondBucket>? progress, CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid().ToString("N")[..12];
        var clocks = new ClockOffset[agents.Count];
        for (var i = 0; i < agents.Count; i++)
        {
            clocks[i] = await ClockOffset.MeasureAsync(nats, agents[i].Id, time, cancellationToken);
        }

        // Subscribed before any start, so no bucket can be missed; not bound to the caller's token, since a cancelled
        // load still collects the generators' last seconds and reports after its Stop.
        var reports = await nats.SubscribeCoreAsync<byte[]>(GenerationSubjects.Run(runId), cancellationToken: CancellationToken.None);
        var startAt = time.GetUtcNow() + StartLead + (2 * clocks.Max(c => c.RoundTrip));
        var run = new FleetRun(nats, runId, [.. agents.Select(a => a.Id)], time, progress);
        for (var i = 0; i < agents.Count; i++)
        {
            var assignment = assignmentOf(i, startAt + clocks[i].Offset) with { RunId = runId };
            var reply = await nats.RequestAsync<byte[], byte[]>(GenerationSubjects.Start(agents[i].Id),
                JsonSerializer.SerializeToUtf8Bytes(assignment, GenerationJsonContext.Default.GeneratorAssignment), replyOpts: ReplyWithin, cancellationToken: cancellationToken);
            var answer = JsonSerializer.Deserialize(reply.Data ?? [], GenerationJsonContext.Default.StartReply);
            if (answer is not { Accepted: true })
            {
                await run.StopAsync();
                await reports.DisposeAsync();
                return new StartedRun(null, null, clocks, startAt, $"agent {agents[i].Id} refused its part: {answer?.Error ?? "no answer"}");
            }
        }

        return new StartedRun(run, reports, clocks, startAt, null);
    }

    private static GeneratorAssignment AssignmentOf(AdHocLoadOptions options, LoadClient client, int generators, int index, DateTimeOffset startAt) => new()
    {
        RunId = string.Empty,
        Generators = generators,
        Index = index,
        Url = options.Url.ToString(),
        Method = options.Method,
        Body = options.Body?.Body.ToArray(),
        ContentType = options.Body?.ContentType ?? "application/octet-stream",
        Connections = options.Connections,
        Rate = options.Rate,
        DurationSeconds = options.Duration.TotalSeconds,
        TimeoutSeconds = options.Timeout.TotalSeconds,
        Client = client == LoadClient.Socket ? "socket" : "httpclient",
        StartAt = startAt,
    };
}
