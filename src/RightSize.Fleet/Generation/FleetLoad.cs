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

        var runId = Guid.NewGuid().ToString("N")[..12];
        var clocks = new ClockOffset[generators];
        for (var i = 0; i < generators; i++)
        {
            clocks[i] = await ClockOffset.MeasureAsync(nats, agents[i].Id, time, cancellationToken);
        }

        // Subscribed before any start, so no bucket can be missed; not bound to the caller's token, since a cancelled
        // load still collects the generators' last seconds and reports after its Stop.
        await using var reports = await nats.SubscribeCoreAsync<byte[]>(GenerationSubjects.Run(runId), cancellationToken: CancellationToken.None);
        var startAt = time.GetUtcNow() + StartLead + (2 * clocks.Max(c => c.RoundTrip));
        var client = options.Client ?? Invokers.DefaultFor(options.Url);
        var run = new FleetRun(nats, runId, [.. agents.Select(a => a.Id)], time, progress);
        for (var i = 0; i < generators; i++)
        {
            var assignment = AssignmentOf(options, client, runId, generators, i, startAt + clocks[i].Offset);
            var reply = await nats.RequestAsync<byte[], byte[]>(GenerationSubjects.Start(agents[i].Id),
                JsonSerializer.SerializeToUtf8Bytes(assignment, GenerationJsonContext.Default.GeneratorAssignment), replyOpts: ReplyWithin, cancellationToken: cancellationToken);
            var answer = JsonSerializer.Deserialize(reply.Data ?? [], GenerationJsonContext.Default.StartReply);
            if (answer is not { Accepted: true })
            {
                await run.StopAsync();
                return Result<FleetLoadSummary>.Failure("--fleet", $"agent {agents[i].Id} refused its part: {answer?.Error ?? "no answer"}");
            }
        }

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

    private static GeneratorAssignment AssignmentOf(AdHocLoadOptions options, LoadClient client, string runId, int generators, int index, DateTimeOffset startAt) => new()
    {
        RunId = runId,
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
