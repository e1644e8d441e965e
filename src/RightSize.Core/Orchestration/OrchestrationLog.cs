using Microsoft.Extensions.Logging;

namespace RightSize.Orchestration;

/// <summary>
/// The job and test events an operator reads in the log: structured, so a log store can filter by job or endpoint
/// name. Per-second and per-window lines are Debug; a stopped load and a failed endpoint are Warning.
/// </summary>
internal static partial class OrchestrationLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Job {JobName} started: {TestCount} test(s), at most {MaxParallelTests} at once")]
    public static partial void JobStarted(ILogger logger, string jobName, int testCount, int maxParallelTests);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Job {JobName} ended {Status} after {ElapsedSeconds:0.0} s")]
    public static partial void JobEnded(ILogger logger, string jobName, string status, double elapsedSeconds);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Job {JobName} failed: {FailureReason}")]
    public static partial void JobFailed(ILogger logger, string jobName, string failureReason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Test {EndpointName} of job {JobName} failed with an internal error")]
    public static partial void TestCrashed(ILogger logger, Exception exception, string jobName, string endpointName);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Test {EndpointName} of job {JobName}: starting the endpoint ({Configuration})")]
    public static partial void TestStarting(ILogger logger, string jobName, string endpointName, string configuration);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Test {EndpointName}: endpoint ready at {InvocationsUrl} after {SetupSeconds:0.00} s; load starts")]
    public static partial void EndpointReady(ILogger logger, string endpointName, Uri invocationsUrl, double setupSeconds);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Test {EndpointName}: endpoint did not start: {FailureReason}")]
    public static partial void EndpointNotStarted(ILogger logger, string endpointName, string failureReason);

    [LoggerMessage(EventId = 113, Level = LogLevel.Debug, Message = "Test {EndpointName}: window ending at {WindowEndSeconds} s: {InvocationsPerMinute:0} invocations/min, {Users} users, error rate {ErrorRate:P2}, host-bound {HostBound}")]
    public static partial void WindowClosed(ILogger logger, string endpointName, int windowEndSeconds, double invocationsPerMinute, int users, double errorRate, bool? hostBound);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Test {EndpointName}: load stopped after {ElapsedSeconds} s: {StopReason}")]
    public static partial void LoadStopped(ILogger logger, string endpointName, int elapsedSeconds, string stopReason);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "Test {EndpointName}: the endpoint failed under load: {FailureReason}")]
    public static partial void EndpointFailed(ILogger logger, string endpointName, string failureReason);

    [LoggerMessage(EventId = 116, Level = LogLevel.Information, Message = "Test {EndpointName} ended {Status} ({StopReason}); MaxInvocations {MaxInvocations}/min")]
    public static partial void TestEnded(ILogger logger, string endpointName, string status, string stopReason, long? maxInvocations);

    [LoggerMessage(EventId = 117, Level = LogLevel.Warning, Message = "Test {EndpointName} ended {Status} ({StopReason}): {FailureReason}")]
    public static partial void TestEndedWithReason(ILogger logger, string endpointName, string status, string stopReason, string failureReason);
}
