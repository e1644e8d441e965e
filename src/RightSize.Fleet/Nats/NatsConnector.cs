using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace RightSize.Fleet.Nats;

/// <summary>
/// Opens the fleet's NATS connections. The first connect is retried for <see cref="NatsConnectionOptions.FirstConnectWait"/>
/// (an agent or a server often starts before its NATS: a pod, a unit, a reboot), each failure logged with what to check;
/// a refusal by the server (credentials, permissions) is not retried, since waiting does not change it.
/// </summary>
public static class NatsConnector
{
    /// <summary>The pause after the first failed attempt; it doubles up to <see cref="MaxPause"/>, so a long wait logs a few lines, not hundreds.</summary>
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connects, or names why not under <paramref name="option"/> (the URL's option, e.g. <c>--nats</c>). NATS.Net
    /// logs to <paramref name="loggers"/> for the connection's life. An attempt under way when the wait ends may still
    /// take the client's connect timeout (10 s), so the bound is the wait plus that.
    /// </summary>
    public static async Task<Result<NatsConnection>> ConnectAsync(
        NatsConnectionOptions nats, string option, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nats);
        var connection = new NatsConnection(nats.ToNatsOpts(loggers));
        var logger = loggers.CreateLogger("RightSize.Fleet.Nats");
        var started = time.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            try
            {
                await connection.ConnectAsync();
                return Result<NatsConnection>.Success(connection);
            }
            catch (NatsException e)
            {
                var left = nats.FirstConnectWait - time.GetElapsedTime(started);
                if (Refused(e) || left <= TimeSpan.Zero)
                {
                    await connection.DisposeAsync();
                    return Result<NatsConnection>.Failure(option, Refused(e)
                        ? $"{nats.Url} refused the connection: {NatsConnectionOptions.Describe(e)}."
                        : $"could not connect to {nats.Url} in {nats.FirstConnectWait.TotalSeconds:0.#} s: {NatsConnectionOptions.Describe(e)}. Check that nats-server runs there and that this host reaches it (the log has the cause); --nats-wait waits longer.");
                }

                NatsLog.Retrying(logger, nats.Url, NatsConnectionOptions.Describe(e), Math.Ceiling(left.TotalSeconds));
                try
                {
                    await Task.Delay(pause < left ? pause : left, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    await connection.DisposeAsync();
                    return Result<NatsConnection>.Failure(option, $"stopped while waiting for NATS at {nats.Url}.");
                }

                pause = pause * 2 < MaxPause ? pause * 2 : MaxPause;
            }
        }
    }

    /// <summary>The server answered with an error (e.g. "Authorization Violation"): it runs, and the same attempt would fail again.</summary>
    private static bool Refused(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is NatsServerException)
            {
                return true;
            }
        }

        return false;
    }
}
