using Microsoft.Extensions.Logging;
using RightSize.Fleet.Nats;
using RightSize.Fleet.Placement;

namespace RightSize.Cli.Commands.Fleet;

/// <summary>serve --nats: checks the connection's security, then connects the coordinator to the fleet.</summary>
internal static class FleetServe
{
    public sealed record Connected(IFleetPlacement? Placement, string? Description);

    public static async Task<Result<Connected>> ConnectAsync(
        NatsConnectionOptions? nats, bool insecure, int deadlineSeconds, int leaseSeconds, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        if (nats is null)
        {
            return Result<Connected>.Success(new Connected(null, null));
        }

        var errors = nats.Validate().Concat(nats.CheckCoordinatorSecurity(insecure)).ToList();
        if (deadlineSeconds is < 1 or > 86400)
        {
            errors.Add(new("--placement-deadline", "give between 1 and 86400 seconds."));
        }

        if (leaseSeconds is < 3 or > 3600)
        {
            errors.Add(new("--work-lease", "give between 3 and 3600 seconds."));
        }

        if (errors.Count > 0)
        {
            return Result<Connected>.Failure(errors);
        }

        var placement = await FleetPlacement.ConnectAsync(nats, new PlacementOptions { Deadline = TimeSpan.FromSeconds(deadlineSeconds), Lease = TimeSpan.FromSeconds(leaseSeconds) }, loggers, time, cancellationToken);
        return placement.Succeeded
            ? Result<Connected>.Success(new Connected(placement.Value, $"fleet: endpoints go to agents through {nats.Url}"))
            : Result<Connected>.Failure(placement.Errors);
    }
}
