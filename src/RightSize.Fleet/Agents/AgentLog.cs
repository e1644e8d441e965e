using Microsoft.Extensions.Logging;

namespace RightSize.Fleet.Agents;

internal static partial class AgentLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "agent {Id} registered as {InstanceType} at {Address}")]
    public static partial void Registered(ILogger logger, string id, string instanceType, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "agent {Id}: heartbeat failed; retrying at the next beat")]
    public static partial void HeartbeatFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "agent {Id}: could not deregister; its entry expires after the heartbeat TTL")]
    public static partial void DeregisterFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "agent {Id}: stopped endpoint {Endpoint}: the coordinator renewed no lease for {Seconds} s")]
    public static partial void LeaseLapsed(ILogger logger, string id, string endpoint, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "agent {Id}: could not answer the coordinator")]
    public static partial void ReplyFailed(ILogger logger, string id, Exception exception);
}
