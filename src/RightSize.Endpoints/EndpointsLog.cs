using Microsoft.Extensions.Logging;

namespace RightSize.Endpoints;

/// <summary>What the providers and reapers did on the host, for the operator: which process or container serves an endpoint, and what a start reaped.</summary>
internal static partial class EndpointsLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Endpoint {EndpointName}: started {Image} as pid {ProcessId}; {Limits}")]
    public static partial void ProcessStarted(ILogger logger, string endpointName, string image, int processId, string limits);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Endpoint {EndpointName}: created container {ContainerId} from image {Image}")]
    public static partial void ContainerCreated(ILogger logger, string endpointName, string containerId, string image);

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Reaped {Count} {What} left by a RightSize that did not exit cleanly")]
    public static partial void Reaped(ILogger logger, int count, string what);
}
