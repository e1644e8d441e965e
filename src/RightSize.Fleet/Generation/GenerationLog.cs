using Microsoft.Extensions.Logging;

namespace RightSize.Fleet.Generation;

internal static partial class GenerationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "generator {Index}/{Generators} of run {RunId}: starting at {StartAt}")]
    public static partial void Starting(ILogger logger, int index, int generators, string runId, DateTimeOffset startAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {RunId}: the generator failed")]
    public static partial void Failed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {RunId}: the coordinator renewed no lease for {Seconds} s; the run stops")]
    public static partial void LeaseLapsed(ILogger logger, string runId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {RunId}: stopped by a coordinator at its start (a killed coordinator left it)")]
    public static partial void StoppedLeftover(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "a generator request could not be answered")]
    public static partial void ReplyFailed(ILogger logger, Exception exception);
}
