using Microsoft.Extensions.Logging;

namespace RightSize.Fleet.Nats;

internal static partial class NatsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS at {Url} is not reachable yet ({Failure}); retrying the first connect for up to {Seconds} s more (--nats-wait): check that nats-server runs there and that this host reaches it")]
    public static partial void Retrying(ILogger logger, string url, string failure, double seconds);
}
