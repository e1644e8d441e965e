using RightSize.Endpoints.Serverless;
using RightSize.Results;
using RightSize.Stopping;

namespace RightSize.Core.Tests.Results;

public sealed class ServerlessMetricsTests
{
    [Fact]
    public void Cost_per_inference_is_memory_times_price_times_the_median_duration_and_cost_per_hour_follows_the_rate()
    {
        // 600 invocations a minute with a P50 of 50 ms (P95 100 ms) on 2 GB.
        var window = TestMetricsCalculatorTests.Window(60, 600, p95Ms: 100);

        var metrics = TestMetricsCalculator.ComputeServerless(window, new StoppingPolicy(), memoryGb: 2, ServerlessRules.PricePerGbSecond);

        Assert.Equal(2 * 0.0000200 * 0.050, metrics.CostPerInference, 15);
        Assert.Equal(metrics.CostPerInference * 600 * 60, metrics.CostPerHour, 12);
        Assert.Equal(600, metrics.MaxInvocations);
        Assert.Equal(100_000, metrics.ModelLatencyMicroseconds);
    }
}
