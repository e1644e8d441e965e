using System.Net.Http;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Stopping;
using RightSize.Traffic;
using RightSize.Windows;

namespace RightSize.Core.Tests.Orchestration;

[Collection(TimingSensitive.Name)]
public sealed class JobRunnerTests
{
    private static JobRunner Runner(HttpClient http) =>
        new(new LoadDependencies([new ExistingUrlEndpointProvider(http, JobPlans.Csv)], TimeProvider.System));

    [Fact]
    public async Task Stairs_job_against_a_known_capacity_completes_with_consistent_results()
    {
        // 4 slots x 20 ms: 200 invocations/s = 12,000 per minute; 8 users saturate it, 2 do not.
        await using var target = await TestTarget.StartAsync(new TestTargetOptions { Slots = 4, ServiceTime = TimeSpan.FromMilliseconds(20) });
        using var http = new HttpClient();
        var plan = JobPlans.ForExistingEndpoint(target.BaseAddress, new StairsSchedule(TimeSpan.FromSeconds(6), 2, 4));
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);

        await Runner(http).RunAsync(job, NullJobObserver.Instance, CancellationToken.None);

        Assert.Equal(RecommendationStatus.Completed, job.Status);
        var test = Assert.Single(job.Tests);
        Assert.Equal(StopReason.TrafficPatternCompleted, test.StopReason);
        Assert.Equal(6, test.Windows.Count);
        Assert.Equal([4, 4, 4, 8, 8, 8], test.Windows.Select(w => w.Users));
        var metrics = test.Metrics!;
        // Never above the nominal capacity, and near the capacity the target really had over the run, which a busy host
        // lowers by making its 20 ms timers late (from its slots' mean busy time per invocation, measured beside the
        // load; the peak window is the best of the run, so it may be above that mean).
        var effective = 4 * 60 / (target.BusyTime.TotalSeconds / target.Invocations);
        Assert.InRange(metrics.PerInstanceMaxInvocations, Math.Min(12_000, effective) * 0.93, 12_000 * 1.03);
        Assert.Equal(metrics.PerInstanceMaxInvocations, metrics.MaxInvocations);
        // Never faster than the service time; and near what Little's law gives for the peak window's users at its rate
        // (users / throughput is their mean latency; the reported p95 is within twice that), busy host or not.
        var littleMicroseconds = metrics.PeakWindow.Users * 60e6 / metrics.PerInstanceMaxInvocations;
        Assert.InRange(metrics.ModelLatencyMicroseconds, 20_000, 2 * littleMicroseconds);
        Assert.Equal(0.115 / (metrics.MaxInvocations * 60.0), metrics.CostPerInference, 12);

        var describe = JobDescriber.Describe(job);
        var recommendation = Assert.Single(describe.InferenceRecommendations!);
        Assert.Equal(metrics.MaxInvocations, recommendation.Metrics!.MaxInvocations);
        Assert.Equal("target", Assert.Single(describe.EndpointPerformances!).EndpointInfo.EndpointName);
        // An existing endpoint was set up by someone else: its setup time is absent, not 0; its CPU is not measured.
        Assert.Null(recommendation.Metrics.ModelSetupTime);
        Assert.True(double.IsNaN(metrics.CpuUtilization));
    }

    [Fact]
    public async Task Latency_threshold_stops_the_test_and_the_peak_is_the_last_window_within_it()
    {
        await using var target = await TestTarget.StartAsync(new TestTargetOptions { Slots = 2, ServiceTime = TimeSpan.FromMilliseconds(20) });
        using var http = new HttpClient();
        var policy = new StoppingPolicy { StopWhenFlat = false, LatencyThreshold = new LatencyThreshold(LatencyPercentile.P95, 60) };
        // 2 users fit the 2 slots (20 ms); 12 users queue (about 120 ms), twice the 60 ms threshold. The margins are wide
        // so that a busy host's late timers and stalls do not push the 2 users' p95 over the threshold.
        var plan = JobPlans.ForExistingEndpoint(target.BaseAddress, new PhasesSchedule(
            [new PhaseSpec(2, 0, TimeSpan.FromSeconds(4)), new PhaseSpec(12, 0, TimeSpan.FromSeconds(30))]), policy);
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);

        await Runner(http).RunAsync(job, NullJobObserver.Instance, CancellationToken.None);

        var test = Assert.Single(job.Tests);
        Assert.Equal(StopReason.LatencyThresholdExceeded, test.StopReason);
        Assert.True(test.Windows.Count < 10, $"ran {test.Windows.Count} s, should have stopped soon after users went to 12");
        Assert.Equal(12, test.Windows[^1].Users);
        Assert.InRange(test.Metrics!.ModelLatencyMicroseconds, 20_000, 60_000);
        Assert.Equal(RecommendationStatus.Completed, test.Status);
    }

    [Fact]
    public async Task Errors_of_one_percent_stop_the_test_and_no_peak_means_failed()
    {
        await using var target = await TestTarget.StartAsync(new TestTargetOptions { ErrorEvery = 2 });
        using var http = new HttpClient();
        var plan = JobPlans.ForExistingEndpoint(target.BaseAddress, new ConstantSchedule(2, TimeSpan.FromSeconds(20)));
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);

        await Runner(http).RunAsync(job, NullJobObserver.Instance, CancellationToken.None);

        var test = Assert.Single(job.Tests);
        Assert.Equal(StopReason.ErrorRateExceeded, test.StopReason);
        Assert.Equal(RecommendationStatus.Failed, test.Status);
        Assert.Contains("1% or more failed", test.FailureReason);
        Assert.Equal(RecommendationStatus.Failed, job.Status);
        Assert.Contains("no test completed", job.FailureReason);
    }

    [Fact]
    public async Task An_existing_endpoints_benchmark_is_an_EndpointPerformance_and_never_a_recommendation()
    {
        await using var target = await TestTarget.StartAsync(new TestTargetOptions { Slots = 4, ServiceTime = TimeSpan.FromMilliseconds(5) });
        using var http = new HttpClient();
        // As the planner makes it for InputConfig.Endpoints: one test on no instance type of ours.
        var plan = JobPlans.ForExistingEndpoint(target.BaseAddress, new ConstantSchedule(2, TimeSpan.FromSeconds(3)));
        plan = plan with { Tests = [plan.Tests[0] with { Configuration = new EndpointInputConfiguration(), PricePerHour = 0 }] };
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);

        await Runner(http).RunAsync(job, NullJobObserver.Instance, CancellationToken.None);

        Assert.Equal(RecommendationStatus.Completed, job.Status);
        var describe = JobDescriber.Describe(job);
        Assert.Null(describe.InferenceRecommendations);
        var performance = Assert.Single(describe.EndpointPerformances!);
        Assert.Equal("target", performance.EndpointInfo.EndpointName);
        Assert.Equal(job.Tests[0].Metrics!.MaxInvocations, performance.Metrics.MaxInvocations);
    }

    [Fact]
    public async Task Stop_reaches_stopped_and_keeps_finished_results()
    {
        await using var target = await TestTarget.StartAsync(new TestTargetOptions { Slots = 4, ServiceTime = TimeSpan.FromMilliseconds(5) });
        using var http = new HttpClient();
        var plan = JobPlans.ForExistingEndpoint(target.BaseAddress, new ConstantSchedule(2, TimeSpan.FromSeconds(3)), tests: 3);
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);
        using var stop = new CancellationTokenSource();
        var observer = new StopWhenSecondTestRuns(stop);

        var run = Runner(http).RunAsync(job, observer, stop.Token);
        await Poll.UntilAsync(() => stop.IsCancellationRequested, TimeSpan.FromSeconds(30), "the second test to start");
        // Not a speed check (a test has only 3 s to run anyway; the statuses below tell a stop from a finish): the
        // bound turns a stop that hangs into a failure.
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RecommendationStatus.Stopped, job.Status);
        Assert.Equal(RecommendationStatus.Completed, job.Tests[0].Status);
        Assert.NotNull(job.Tests[0].Metrics);
        Assert.Equal(RecommendationStatus.Stopped, job.Tests[1].Status);
        Assert.Equal(StopReason.JobStopped, job.Tests[2].StopReason);
        Assert.Single(JobDescriber.Describe(job).InferenceRecommendations!);
        Assert.Contains(observer.JobStatuses, s => s == RecommendationStatus.Stopping);
    }

    [Fact]
    public async Task Parallel_limit_is_honoured_and_job_duration_stops_the_rest()
    {
        await using var target = await TestTarget.StartAsync(new TestTargetOptions { Slots = 64, ServiceTime = TimeSpan.FromMilliseconds(2) });
        using var http = new HttpClient();
        var plan = JobPlans.ForExistingEndpoint(target.BaseAddress, new ConstantSchedule(1, TimeSpan.FromSeconds(3)),
            tests: 4, maxParallel: 2, jobDuration: TimeSpan.FromSeconds(4));
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);
        var observer = new ConcurrencyObserver();

        await Runner(http).RunAsync(job, observer, CancellationToken.None);

        Assert.Equal(2, observer.MaxRunning);
        Assert.Equal(RecommendationStatus.Completed, job.Status);
        Assert.All(job.Tests.Take(2), t => Assert.Equal(RecommendationStatus.Completed, t.Status));
        Assert.All(job.Tests.Skip(2), t => Assert.Equal(StopReason.JobDurationReached, t.StopReason));
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_the_test_with_a_reason()
    {
        using var http = new HttpClient();
        var plan = JobPlans.ForExistingEndpoint(TestTarget.ClosedPortUri(), new ConstantSchedule(1, TimeSpan.FromSeconds(2)));
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);

        await Runner(http).RunAsync(job, NullJobObserver.Instance, CancellationToken.None);

        Assert.Equal(RecommendationStatus.Failed, job.Status);
        var test = Assert.Single(job.Tests);
        Assert.Equal(StopReason.EndpointFailed, test.StopReason);
        Assert.Contains("first invocation failed", test.FailureReason);
        Assert.Contains(test.FailureReason!, JobDescriber.Steps(job).Steps![0].InferenceBenchmark!.FailureReason);
    }

    private sealed class StopWhenSecondTestRuns(CancellationTokenSource stop) : IJobObserver
    {
        public List<RecommendationStatus> JobStatuses { get; } = [];

        public void JobChanged(JobRecord job) => JobStatuses.Add(job.Status);

        public void TestChanged(JobRecord job, TestRecord test)
        {
        }

        public void WindowAdded(JobRecord job, TestRecord test, WindowStats window)
        {
            if (test.Plan.Index == 1)
            {
                stop.Cancel();
            }
        }
    }

    private sealed class ConcurrencyObserver : IJobObserver
    {
        public int MaxRunning { get; private set; }

        public void JobChanged(JobRecord job)
        {
        }

        public void TestChanged(JobRecord job, TestRecord test) =>
            MaxRunning = Math.Max(MaxRunning, job.Tests.Count(t => t.Status == RecommendationStatus.InProgress));

        public void WindowAdded(JobRecord job, TestRecord test, WindowStats window)
        {
        }
    }
}
