using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Core.Tests.Results;
using RightSize.Load;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Core.Tests.Orchestration;

public sealed class GeneratorMonitorTests
{
    [Fact]
    public void A_generator_busier_than_80_percent_in_the_peak_window_is_warned_about_and_an_idle_one_is_not()
    {
        var time = new FakeTimeProvider();
        using var monitor = new GeneratorMonitor(endpoint: null, pin: false, time, HostLoad.ReadProcStat);

        // Second 0: this thread spins 300 ms of CPU (by CPU time: the host may be busy) while the fake clock moves
        // 100 ms: far above 80% of every core.
        using var self = Process.GetCurrentProcess();
        var start = self.TotalProcessorTime;
        var bound = Stopwatch.StartNew();
        while (Used(self, start) < TimeSpan.FromMilliseconds(300) && bound.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.SpinWait(10_000);
        }

        time.Advance(TimeSpan.FromMilliseconds(100));
        monitor.Sample(ResourceSample.Unmeasured);
        // Second 1: hours pass on the fake clock, so whatever else this process does is a tiny share.
        time.Advance(TimeSpan.FromHours(10));
        monitor.Sample(ResourceSample.Unmeasured);

        Assert.Null(monitor.Pinned);
        var caveat = monitor.CaveatFor(TestMetricsCalculatorTests.Window(1, 10, 5) with { LengthSeconds = 1 });
        Assert.Equal(CaveatKind.GeneratorBound, caveat?.Kind);
        Assert.Contains("may be generator-bound", caveat?.Detail, StringComparison.Ordinal);
        Assert.Null(monitor.CaveatFor(TestMetricsCalculatorTests.Window(2, 10, 5) with { LengthSeconds = 1 }));
    }

    [Fact]
    public void With_generator_agents_the_caveat_reads_the_busiest_agents_cpu_not_the_coordinators()
    {
        var time = new FakeTimeProvider();
        using var monitor = new GeneratorMonitor(endpoint: null, pin: false, time, HostLoad.ReadProcStat);

        // Seconds 0-1: gen-a at 95% of its 1.5 cores while the coordinator's own CPU, over hours of fake time, is nil.
        // Seconds 2-3: the agents are idle while the coordinator spins far above 80% of its cores.
        foreach (var percent in (double[])[95, 97])
        {
            time.Advance(TimeSpan.FromHours(10));
            monitor.Sample(ResourceSample.Unmeasured, new GeneratorCpu("gen-a", percent, 1.5));
        }

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var self = Process.GetCurrentProcess();
            var start = self.TotalProcessorTime;
            var bound = Stopwatch.StartNew();
            while (Used(self, start) < TimeSpan.FromMilliseconds(300) && bound.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.SpinWait(10_000);
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
            monitor.Sample(ResourceSample.Unmeasured, new GeneratorCpu("gen-a", 12, 1.5));
        }

        var busy = monitor.CaveatFor(TestMetricsCalculatorTests.Window(2, 10, 5) with { LengthSeconds = 2 });
        Assert.Equal(CaveatKind.GeneratorBound, busy?.Kind);
        Assert.StartsWith("generator agent gen-a (the busiest generator each second) used 96% of its 1.5 core(s) in the peak window", busy?.Detail, StringComparison.Ordinal);
        Assert.Null(monitor.CaveatFor(TestMetricsCalculatorTests.Window(4, 10, 5) with { LengthSeconds = 2 }));
    }

    [Fact]
    public void Seconds_the_generator_agents_sent_no_cpu_for_are_not_measured_and_never_read_the_coordinators_own()
    {
        var time = new FakeTimeProvider();
        using var monitor = new GeneratorMonitor(endpoint: null, pin: false, time, HostLoad.ReadProcStat);

        // Seconds 0-1: no agent reported its CPU while the coordinator spins far above 80% of its cores.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var self = Process.GetCurrentProcess();
            var start = self.TotalProcessorTime;
            var bound = Stopwatch.StartNew();
            while (Used(self, start) < TimeSpan.FromMilliseconds(300) && bound.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.SpinWait(10_000);
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
            monitor.Sample(ResourceSample.Unmeasured, GeneratorCpu.NoReport);
        }

        // Seconds 2-3: gen-a reports 90%: only those seconds count.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            time.Advance(TimeSpan.FromHours(10));
            monitor.Sample(ResourceSample.Unmeasured, new GeneratorCpu("gen-a", 90, 2));
        }

        Assert.Null(monitor.CaveatFor(TestMetricsCalculatorTests.Window(2, 10, 5) with { LengthSeconds = 2 }));
        Assert.StartsWith("generator agent gen-a (the busiest generator each second) used 90% of its 2 core(s)",
            monitor.CaveatFor(TestMetricsCalculatorTests.Window(4, 10, 5) with { LengthSeconds = 4 })?.Detail, StringComparison.Ordinal);
    }

    private static TimeSpan Used(Process self, TimeSpan start)
    {
        self.Refresh();
        return self.TotalProcessorTime - start;
    }
}
