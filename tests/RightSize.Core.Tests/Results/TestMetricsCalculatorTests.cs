using RightSize.Results;
using RightSize.Stopping;
using RightSize.Windows;

namespace RightSize.Core.Tests.Results;

public sealed class TestMetricsCalculatorTests
{
    internal static WindowStats Window(int end, long invocations, double p95Ms, long errors = 0, bool full = true, double p99Ms = double.NaN) => new()
    {
        EndSecond = end,
        LengthSeconds = 60,
        IsFull = full,
        Users = 1,
        Invocations = invocations,
        ClientErrors = 0,
        ServerErrors = errors,
        Timeouts = 0,
        ConnectionErrors = 0,
        P50Ms = p95Ms / 2,
        P90Ms = p95Ms * 0.9,
        P95Ms = p95Ms,
        P99Ms = double.IsNaN(p99Ms) ? p95Ms * 1.1 : p99Ms,
        P999Ms = p95Ms * 1.5,
        MaxMs = p95Ms * 2,
    };

    [Fact]
    public void Seed_example_371_per_minute_at_0_23_for_a_target_of_1000()
    {
        var policy = new StoppingPolicy
        {
            MaxInvocationsPerMinute = 1000,
            LatencyThreshold = new LatencyThreshold(LatencyPercentile.P95, 100),
        };

        var metrics = TestMetricsCalculator.Compute(Window(60, 371, 100), policy, pricePerHour: 0.23);

        Assert.Equal(371, metrics.PerInstanceMaxInvocations);
        Assert.Equal(3, metrics.InitialInstanceCount);
        Assert.Equal(1113, metrics.MaxInvocations);
        Assert.Equal(0.69, metrics.CostPerHour, 10);
        Assert.Equal(1.0332e-05, metrics.CostPerInference, 9);
        Assert.Equal(100_000, metrics.ModelLatencyMicroseconds);
    }

    [Fact]
    public void Without_a_target_one_instance_is_recommended()
    {
        var metrics = TestMetricsCalculator.Compute(Window(60, 5000, 20), new StoppingPolicy(), pricePerHour: 0.115);

        Assert.Equal(1, metrics.InitialInstanceCount);
        Assert.Equal(5000, metrics.MaxInvocations);
        Assert.Equal(0.115, metrics.CostPerHour, 10);
        Assert.Equal(20_000, metrics.ModelLatencyMicroseconds);
    }

    [Fact]
    public void A_target_below_one_instance_still_needs_one()
    {
        var policy = new StoppingPolicy { MaxInvocationsPerMinute = 100 };

        Assert.Equal(1, TestMetricsCalculator.Compute(Window(60, 5000, 20), policy, 0.1).InitialInstanceCount);
    }

    [Fact]
    public void Model_latency_uses_the_thresholds_percentile()
    {
        var policy = new StoppingPolicy { LatencyThreshold = new LatencyThreshold(LatencyPercentile.P99, 500) };

        var metrics = TestMetricsCalculator.Compute(Window(60, 600, 20, p99Ms: 42.5), policy, 0.1);

        Assert.Equal(42_500, metrics.ModelLatencyMicroseconds);
    }

    [Fact]
    public void Peak_window_is_the_fastest_within_the_slo_and_below_one_percent_errors()
    {
        var policy = new StoppingPolicy { LatencyThreshold = new LatencyThreshold(LatencyPercentile.P95, 100) };
        WindowStats[] windows =
        [
            Window(60, 1000, 50),
            Window(61, 3000, 90),
            Window(62, 4000, 150),          // too slow
            Window(63, 3500, 80, errors: 35), // 1% errors
            Window(64, 3200, 95, errors: 31), // 0.97% errors: qualifies
        ];

        var peak = TestMetricsCalculator.FindPeakWindow(windows, policy);

        Assert.Equal(64, peak!.EndSecond);
    }

    [Fact]
    public void Partial_windows_count_only_when_no_window_was_full()
    {
        var policy = new StoppingPolicy();

        Assert.Equal(2, TestMetricsCalculator.FindPeakWindow([Window(1, 10, 5, full: false), Window(2, 20, 5, full: false)], policy)!.EndSecond);
        Assert.Equal(60, TestMetricsCalculator.FindPeakWindow([Window(60, 10, 5), Window(61, 900, 5, full: false)], policy)!.EndSecond);
    }

    [Fact]
    public void No_peak_when_every_window_breaks_the_slo()
    {
        var policy = new StoppingPolicy { LatencyThreshold = new LatencyThreshold(LatencyPercentile.P95, 10) };

        Assert.Null(TestMetricsCalculator.FindPeakWindow([Window(60, 1000, 50), Window(61, 1000, 60)], policy));
    }
}
