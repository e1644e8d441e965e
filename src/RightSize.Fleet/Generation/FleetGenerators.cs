using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Placement;
using RightSize.Load;

namespace RightSize.Fleet.Generation;

/// <summary>
/// The fleet's generator agents as a job's load source: a test whose endpoint runs on an agent gets its load from every
/// generator agent but that one (unless the job's <c>rightsize:generators-on-endpoint-host</c> tag allows it), split by
/// users (<see cref="Traffic.LoadShare"/>), started at one shared instant, merged second by second on the coordinator.
/// </summary>
internal sealed class FleetGenerators(INatsConnection nats, IAgentRegistry agents, PlacementOptions options, TimeProvider time) : ILoadGenerators
{
    private const string Field = "generators";

    public async Task<Result<ITestLoad>> StartAsync(TestLoadRequest request, CancellationToken cancellationToken)
    {
        if (request.Endpoint is not RemoteEndpoint endpoint)
        {
            return Result<ITestLoad>.Failure(Field, "the endpoint runs on the coordinator (serverless or an existing endpoint), not on an agent");
        }

        if (ScheduleSpec.Of(request.Schedule) is not { } schedule)
        {
            return Result<ITestLoad>.Failure(Field, "the traffic pattern is neither PHASES nor STAIRS, so generator agents cannot run it");
        }

        List<AgentInfo> registered;
        try
        {
            registered = [.. (await agents.ListAsync(cancellationToken)).Where(a => a.Roles.Contains(AgentRole.Generator) && !request.Avoid.Contains(a.Id))];
        }
        catch (NatsException e)
        {
            return Result<ITestLoad>.Failure(Field, $"the fleet's registry could not be read ({e.Message})");
        }

        // Deterministic: the same agents give the same split, by id.
        var chosen = registered.Where(a => request.AllowEndpointHost || a.Id != endpoint.AgentId).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        if (chosen.Count == 0)
        {
            return Result<ITestLoad>.Failure(Field, registered.Count == 0
                ? "no generator agent is registered (start one on another host: rightsize agent --roles generator)"
                : $"the only generator agent ({endpoint.AgentId}) runs the endpoint; allow it with the job tag rightsize:generators-on-endpoint-host=true or start one on another host");
        }

        var load = new FleetTestLoad(nats, agents, chosen, endpoint.AgentId, options.CheckInterval, time);
        var payloads = request.Payloads.Select(p => new PayloadSpec(p.Body.ToArray(), p.ContentType)).ToList();
        try
        {
            var started = await FleetLoad.StartRunAsync(nats, chosen, (i, startAt) => new GeneratorAssignment
            {
                RunId = string.Empty,
                Generators = chosen.Count,
                Index = i,
                Url = endpoint.InvocationsUrl.ToString(),
                Connections = 1,
                DurationSeconds = request.Schedule.Duration.TotalSeconds,
                TimeoutSeconds = request.RequestTimeout.TotalSeconds,
                Schedule = schedule,
                Payloads = payloads,
                LeaseSeconds = options.Lease.TotalSeconds,
                StartAt = startAt,
            }, time, load, cancellationToken);
            if (started.Error is { } refused)
            {
                return Result<ITestLoad>.Failure(Field, refused);
            }

            load.Begin(started, request.Schedule.Duration + request.RequestTimeout);
            return Result<ITestLoad>.Success(load);
        }
        catch (NatsException e)
        {
            return Result<ITestLoad>.Failure(Field, $"the generator agents could not be started ({e.Message})");
        }
    }
}
