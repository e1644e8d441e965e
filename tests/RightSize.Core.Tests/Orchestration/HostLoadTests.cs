using System.Globalization;
using RightSize.Orchestration;

namespace RightSize.Core.Tests.Orchestration;

public sealed class HostLoadTests
{
    [Fact]
    public void Other_processes_taking_a_core_make_the_window_host_bound_and_a_quiet_host_does_not()
    {
        // 2 cores, 100 ticks per core per second. Every second: the generator uses 0.3 of a core, the endpoint 1.
        var quiet = Run(busyCores: 1.3, steal: 0, running: 3, seconds: 5);
        var busy = Run(busyCores: 2.0, steal: 0, running: 3, seconds: 5);

        Assert.False(quiet.IsHostBound(5, 5));
        Assert.True(busy.IsHostBound(5, 5));
        Assert.Equal("other processes used 0.7 of 2 cores, steal 0 cores, run queue 3", busy.Describe(5, 5));
    }

    [Fact]
    public void Steal_time_or_a_long_run_queue_make_it_host_bound_too()
    {
        Assert.True(Run(busyCores: 1.3, steal: 0.2, running: 3, seconds: 3).IsHostBound(3, 3));
        Assert.True(Run(busyCores: 1.3, steal: 0, running: 9, seconds: 3).IsHostBound(3, 3));
        Assert.False(Run(busyCores: 1.3, steal: 0.05, running: 8, seconds: 3).IsHostBound(3, 3));
    }

    [Fact]
    public void A_window_is_judged_on_its_own_seconds()
    {
        // Seconds 0-2 quiet, 3-5 with other processes on 1.3 cores.
        var ticks = new Script();
        var load = new HostLoad(ticks.Next);
        for (var s = 0; s < 6; s++)
        {
            ticks.Advance(s < 3 ? 1.3 : 2.6, steal: 0, running: 3, cores: 4);
            load.Sample(generatorCores: 0.3, endpointCores: 1);
        }

        Assert.False(load.IsHostBound(3, 3));
        Assert.True(load.IsHostBound(6, 3));
        Assert.True(load.IsHostBound(6, 6));
    }

    [Fact]
    public void Nothing_is_judged_without_proc_stat_or_without_the_endpoints_cpu()
    {
        var unreadable = new HostLoad(() => null);
        unreadable.Sample(0.3, 1);
        Assert.Null(unreadable.IsHostBound(1, 1));
        Assert.Null(unreadable.Describe(1, 1));

        var ticks = new Script();
        var unmeasured = new HostLoad(ticks.Next);
        ticks.Advance(2, steal: 0, running: 3, cores: 2);
        unmeasured.Sample(0.3, double.NaN);
        Assert.Null(unmeasured.IsHostBound(1, 1));
    }

    [Fact]
    public void The_real_proc_stat_parses()
    {
        var load = new HostLoad(HostLoad.ReadProcStat);
        Thread.Sleep(200);
        load.Sample(0, 0);
        Assert.NotNull(load.IsHostBound(1, 1));
    }

    private static HostLoad Run(double busyCores, double steal, int running, int seconds)
    {
        var ticks = new Script();
        var load = new HostLoad(ticks.Next);
        for (var s = 0; s < seconds; s++)
        {
            ticks.Advance(busyCores, steal, running, cores: 2);
            load.Sample(generatorCores: 0.3, endpointCores: 1);
        }

        return load;
    }

    /// <summary>/proc/stat text whose counters advance by one second of the given load at each call of Advance.</summary>
    private sealed class Script
    {
        private long _user;
        private long _system;
        private long _idle;
        private long _steal;
        private int _running = 1;
        private int _cores = 2;

        public void Advance(double busyCores, double steal, int running, int cores)
        {
            // 100 ticks per core-second: busy splits into user and system, steal is its own, idle is the rest.
            var busy = (long)Math.Round((busyCores - steal) * 100);
            _user += busy * 3 / 4;
            _system += busy - (busy * 3 / 4);
            _steal += (long)Math.Round(steal * 100);
            _idle += (cores * 100) - (long)Math.Round(busyCores * 100);
            (_running, _cores) = (running, cores);
        }

        public string Next()
        {
            var cpus = string.Concat(Enumerable.Range(0, _cores).Select(i => $"cpu{i} 0 0 0 0 0 0 0 0 0 0\n"));
            return string.Create(CultureInfo.InvariantCulture,
                $"cpu  {_user} 0 {_system} {_idle} 0 0 0 {_steal} 0 0\n{cpus}intr 1 2 3\nctxt 5\nprocs_running {_running}\nprocs_blocked 0\n");
        }
    }
}
