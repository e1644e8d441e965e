using RightSize.Core.Tests.Results;
using RightSize.Endpoints;
using RightSize.Reports;
using RightSize.Results;
using RightSize.Stopping;

namespace RightSize.Core.Tests.Reports;

public sealed class LimitingFactorTests
{
    private static readonly EndpointResources Half = new(0.5, 1);

    [Theory]
    [InlineData(49.9, null, null, "endpoint CPU (50% of 50%)")]
    [InlineData(49.9, CaveatKind.HostBound, null, "endpoint CPU (50% of 50%)")]
    [InlineData(30, CaveatKind.HostBound, null, "host (other load)")]
    [InlineData(30, CaveatKind.GeneratorBound, null, "load generator")]
    [InlineData(30, null, StopReason.LatencyThresholdExceeded, "latency threshold (CPU 30% of 50%)")]
    [InlineData(30, null, null, "not CPU (30% of 50%)")]
    public void Says_what_capped_the_peak(double cpu, CaveatKind? caveat, StopReason? stop, string expected)
    {
        var metrics = Metrics(cpu);
        Caveat[] caveats = caveat is { } kind ? [new Caveat(kind, "d")] : [];

        Assert.Equal(expected, LimitingFactor.Describe(metrics, Half, stop, caveats));
    }

    [Fact]
    public void Without_a_cpu_measurement_it_says_so() =>
        Assert.Equal("not measured", LimitingFactor.Describe(Metrics(double.NaN), Half, null, []));

    private static TestMetrics Metrics(double cpu) => new()
    {
        PeakWindow = TestMetricsCalculatorTests.Window(10, 100, 5) with { CpuUtilization = cpu },
        PerInstanceMaxInvocations = 600,
        InitialInstanceCount = 1,
        MaxInvocations = 600,
        ModelLatencyMicroseconds = 5000,
        CostPerHour = 0.1,
        CostPerInference = 1e-6,
    };
}
