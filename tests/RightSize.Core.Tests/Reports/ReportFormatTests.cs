using RightSize.Jobs;
using RightSize.Reports;

namespace RightSize.Core.Tests.Reports;

public sealed class ReportFormatTests
{
    [Theory]
    [InlineData(389.55, 4, 400, 100)]
    [InlineData(1050, 4, 1500, 500)]
    [InlineData(4.2, 4, 6, 2)]
    [InlineData(0.9, 4, 1, 0.25)]
    [InlineData(0, 4, 1, 0.25)]
    public void Picks_round_axis_tops_and_steps(double max, int ticks, double top, double step)
    {
        Assert.Equal((top, step), NiceScale.Linear(max, ticks));
    }

    [Theory]
    [InlineData(240, 8, 30)]
    [InlineData(600, 8, 120)]
    [InlineData(45, 8, 10)]
    [InlineData(3600, 8, 600)]
    public void Steps_time_axes_in_whole_seconds_and_minutes(double max, int ticks, double step)
    {
        Assert.Equal(step, NiceScale.Seconds(max, ticks));
    }

    [Fact]
    public void Formats_numbers_invariantly_and_compactly()
    {
        Assert.Equal("1.0332e-05", ReportFormat.Scientific(0.69 / (1113 * 60.0)));
        Assert.Equal("12.346", ReportFormat.Number(12.3456, 3));
        Assert.Equal("371", ReportFormat.Number(371.0, 3));
        Assert.Equal("", ReportFormat.Number(double.NaN, 2));
        Assert.Equal("n/a", ReportFormat.Percent(double.NaN));
        Assert.Equal("2026-11-22 02:00:00 UTC", ReportFormat.Time(new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.FromHours(1))));
    }

    [Fact]
    public void Labels_serverless_configurations_by_memory_and_concurrency()
    {
        var serverless = new EndpointInputConfiguration
        {
            ServerlessConfig = new ProductionVariantServerlessConfig { MemorySizeInMB = 2048, MaxConcurrency = 5 },
        };

        Assert.Equal("serverless-2048MB-5", ReportFormat.EndpointLabel(serverless));
        Assert.Equal("ml.m5.large", ReportFormat.EndpointLabel(new EndpointInputConfiguration { InstanceType = "ml.m5.large" }));
    }

    [Fact]
    public void Describes_a_phases_pattern_phase_by_phase()
    {
        var schedule = new RightSize.Traffic.PhasesSchedule(
        [
            new(1, 2, TimeSpan.FromSeconds(120)),
            new(3, 0, TimeSpan.FromSeconds(300)),
        ]);

        Assert.Equal(
            "PHASES: phase 1: 1 users, +2 users/min for 120 s; phase 2: 3 users, +0 users/min for 300 s",
            JobSetupText.TrafficPattern(schedule));
    }

    [Fact]
    public void Chart_leaves_a_gap_where_a_value_is_missing()
    {
        var chart = new SvgLineChart("t", "x", "y", 4).AddSeries("s", "#000", [new(1, 1), new(2, double.NaN), new(3, 2), new(4, 2)]);
        using var writer = new StringWriter();

        chart.Write(writer, 0);

        var path = System.Text.RegularExpressions.Regex.Match(writer.ToString(), "<path class=\"series\"[^>]* d=\"([^\"]*)\"").Groups[1].Value;
        Assert.Equal(2, path.Count(c => c == 'M'));
        Assert.Equal(1, path.Count(c => c == 'L'));
    }
}
