using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RightSize.Telemetry;

/// <summary>
/// RightSize's metrics and traces on the BCL's <see cref="Meter"/> and <see cref="ActivitySource"/>; the server and the
/// CLI wire exporters to them. Invocation instruments are fed once a second from the collected per-second buckets,
/// never per request, so the load path neither records nor allocates for them.
/// </summary>
public static class RightSizeTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "RightSize";

    public static Meter Meter { get; } = new(Name);

    public static ActivitySource ActivitySource { get; } = new(Name);

    internal static Counter<long> Invocations { get; } =
        Meter.CreateCounter<long>("rightsize.invocations", "{invocation}", "Invocations completed, successful or not.");

    internal static Counter<long> Errors { get; } = Meter.CreateCounter<long>(
        "rightsize.invocation.errors", "{invocation}", "Failed invocations by error.type: client_error (4xx), server_error (5xx), timeout, connection_error.");

    internal static Histogram<double> Latency { get; } = Meter.CreateHistogram(
        "rightsize.invocation.latency", "ms", "Latency of successful invocations (SageMaker's ModelLatency).", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 60000] });

    internal static Gauge<int> Users { get; } = Meter.CreateGauge<int>("rightsize.users", "{user}", "Virtual users running in a test.");

    internal static Gauge<double> EndpointCpu { get; } = Meter.CreateGauge<double>(
        "rightsize.endpoint.cpu.utilization", "%", "The endpoint's CPU use, as CloudWatch's CPUUtilization (100% per core).");

    internal static Gauge<double> EndpointMemory { get; } = Meter.CreateGauge<double>(
        "rightsize.endpoint.memory.utilization", "%", "The endpoint's memory use against its limit, as CloudWatch's MemoryUtilization.");

    internal static UpDownCounter<long> RunningTests { get; } = Meter.CreateUpDownCounter<long>("rightsize.tests.running", "{test}", "Tests in progress.");

    internal static UpDownCounter<long> RunningJobs { get; } = Meter.CreateUpDownCounter<long>("rightsize.jobs.running", "{job}", "Jobs in progress.");

    internal static Counter<long> Tests { get; } = Meter.CreateCounter<long>("rightsize.tests", "{test}", "Tests finished, by status.");

    internal static Counter<long> Jobs { get; } = Meter.CreateCounter<long>("rightsize.jobs", "{job}", "Jobs finished, by status.");
}
