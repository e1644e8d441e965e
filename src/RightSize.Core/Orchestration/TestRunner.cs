using Microsoft.Extensions.Logging;
using RightSize.Endpoints;
using RightSize.Endpoints.Serverless;
using RightSize.Jobs;
using RightSize.Load;
using RightSize.Results;
using RightSize.Stopping;
using RightSize.Telemetry;
using RightSize.Windows;

namespace RightSize.Orchestration;

/// <summary>
/// Runs one test: provision the endpoint, drive the traffic pattern, turn each second into a sliding window, stop on
/// the first stopping condition, tear the endpoint down, compute the results. The load path never touches storage:
/// everything leaves through the record and the observer.
/// </summary>
internal sealed class TestRunner
{
    private readonly JobRecord _job;
    private readonly TestRecord _test;
    private readonly IJobObserver _observer;
    private readonly LoadDependencies _load;
    private readonly TestTelemetry _telemetry;
    private readonly ILogger _logger;
    // Agents lost in this test (it is retried once without them), and the one whose loss ended the current attempt.
    private readonly HashSet<string> _avoid = new(StringComparer.Ordinal);
    private string? _lost;

    public TestRunner(JobRecord job, TestRecord test, IJobObserver observer, LoadDependencies load)
    {
        _job = job;
        _test = test;
        _observer = observer;
        _load = load;
        _telemetry = new TestTelemetry(job.Plan.JobName, test.Plan.EndpointName, test.Plan.Configuration.InstanceType);
        _logger = load.Loggers.CreateLogger<TestRunner>();
    }

    private string EndpointName => _test.Plan.EndpointName;

    private JobPlan Plan => _job.Plan;

    private TimeProvider Time => _load.Time;

    /// <param name="jobStopped">Cancelled when the job is stopped.</param>
    /// <param name="jobDeadline">Cancelled when JobDurationInSeconds runs out.</param>
    public async Task RunAsync(CancellationToken jobStopped, CancellationToken jobDeadline)
    {
        using (_telemetry)
        {
            await RunTestAsync(jobStopped, jobDeadline);
        }
    }

    private async Task RunTestAsync(CancellationToken jobStopped, CancellationToken jobDeadline)
    {
        if (Plan.Tests[_test.Plan.Index].PlanningFailure is { } planningFailure)
        {
            Finish(RecommendationStatus.Failed, StopReason.EndpointFailed, planningFailure);
            return;
        }

        Update(() =>
        {
            _test.Status = RecommendationStatus.InProgress;
            foreach (var c in _test.Plan.Caveats)
            {
                _test.AddCaveat(c);
            }
        });
        OrchestrationLog.TestStarting(_logger, Plan.JobName, EndpointName, _test.Plan.Configuration.InstanceType ?? "serverless");
        while (await AttemptAsync(jobStopped, jobDeadline) is { } lost)
        {
            // An agent (the endpoint's or a generator) was lost: the test runs once more without it, from the start.
            _avoid.Add(lost);
            Update(() =>
            {
                _test.AddCaveat(new Caveat(CaveatKind.Note, $"first attempt ended: {_test.FailureReason}; retried once without agent {lost}"));
                _test.FailureReason = null;
                _test.ClearWindows();
            });
        }
    }

    /// <summary>Starts the endpoint and drives the load once; returns the lost agent when the test should be retried without it.</summary>
    private async Task<string?> AttemptAsync(CancellationToken jobStopped, CancellationToken jobDeadline)
    {
        using var anyStop = CancellationTokenSource.CreateLinkedTokenSource(jobStopped, jobDeadline);
        EndpointProvisioning provisioning;
        try
        {
            provisioning = await _load.Provision(EndpointRequests.For(Plan, _test.Plan) with { AvoidAgents = _avoid }, anyStop.Token);
        }
        catch (OperationCanceledException) when (anyStop.IsCancellationRequested)
        {
            Finish(RecommendationStatus.Stopped, jobStopped.IsCancellationRequested ? StopReason.JobStopped : StopReason.JobDurationReached,
                "stopped while the endpoint was starting");
            return null;
        }

        _telemetry.Event("endpoint provisioned");
        if (provisioning.Endpoint is not { } endpoint)
        {
            OrchestrationLog.EndpointNotStarted(_logger, EndpointName, provisioning.FailureReason ?? "no reason given");
            Finish(RecommendationStatus.Failed, StopReason.EndpointFailed, provisioning.FailureReason);
            return null;
        }

        await using (endpoint)
        {
            OrchestrationLog.EndpointReady(_logger, EndpointName, endpoint.InvocationsUrl, endpoint.ModelSetupTime?.TotalSeconds ?? double.NaN);
            Update(() =>
            {
                _test.ModelSetupTime = endpoint.ModelSetupTime;
                foreach (var c in endpoint.Caveats)
                {
                    _test.AddCaveat(c);
                }
            });
            using var generator = new GeneratorMonitor(_test.Plan.Resources, pin: Plan.MaxParallelTests == 1, Time, _load.ReadHostStat);
            if (generator.Pinned is { } cores)
            {
                Update(() => _test.AddCaveat(new Caveat(CaveatKind.Note, $"load generator pinned to core(s) {string.Join(',', cores)}, apart from the endpoint's")));
            }

            _lost = null;
            var reason = await DriveAsync(endpoint, generator, jobStopped, jobDeadline);
            if (reason == StopReason.EndpointFailed && _lost is { } lost && _avoid.Count == 0)
            {
                return lost;
            }

            CompleteWith(reason, endpoint, generator);
            return null;
        }
    }

    private async Task<StopReason> DriveAsync(IEndpoint endpoint, GeneratorMonitor generator, CancellationToken jobStopped, CancellationToken jobDeadline)
    {
        var aggregator = new WindowAggregator(Plan.WindowSeconds);
        var evaluator = new StoppingEvaluator(Plan.Policy);
        using var anyStop = CancellationTokenSource.CreateLinkedTokenSource(jobStopped, jobDeadline);
        ITestLoad load;
        try
        {
            load = await _load.StartLoadAsync(Plan, endpoint, _avoid, anyStop.Token);
        }
        catch (OperationCanceledException) when (anyStop.IsCancellationRequested)
        {
            return jobStopped.IsCancellationRequested ? StopReason.JobStopped : StopReason.JobDurationReached;
        }

        Update(() =>
        {
            _test.InvocationStartTime = Time.GetUtcNow();
            foreach (var c in load.Caveats)
            {
                _test.AddCaveat(c);
            }
        });
        _telemetry.LoadStarted();
        var seconds = (int)Math.Ceiling(Plan.Schedule.Duration.TotalSeconds);
        StopReason reason = StopReason.TrafficPatternCompleted;
        try
        {
            for (var second = 0; second < seconds; second++)
            {
                var bucket = await load.CollectAsync(second, Time, anyStop.Token);
                if (bucket is null)
                {
                    reason = StoppedBy();
                    break;
                }

                var resources = endpoint.SampleResources();
                generator.Sample(resources, load.RemoteGeneratorCpu(second));
                var window = aggregator.Add(bucket, resources);
                window = window with { HostBound = generator.IsHostBound(window) };
                _telemetry.Record(bucket, window);
                OrchestrationLog.WindowClosed(_logger, EndpointName, window.EndSecond, window.InvocationsPerMinute, window.Users, window.ErrorRate, window.HostBound);
                Update(() =>
                {
                    _test.AddWindow(window);
                    _test.CurrentUsers = load.Users;
                }, window);
                if ((endpoint.FailureReason ?? load.FailureReason) is not null)
                {
                    reason = StoppedBy();
                    break;
                }

                if (evaluator.Evaluate(window) is { } stop)
                {
                    reason = stop;
                    break;
                }
            }
        }
        finally
        {
            var elapsed = load.Elapsed;
            await load.DisposeAsync();
            OrchestrationLog.LoadStopped(_logger, EndpointName, (int)elapsed.TotalSeconds, reason.Describe());
            Update(() =>
            {
                _test.InvocationEndTime = Time.GetUtcNow();
                _test.CurrentUsers = 0;
            });
        }

        return reason;

        StopReason StoppedBy()
        {
            if ((endpoint.FailureReason ?? load.FailureReason) is { } died)
            {
                OrchestrationLog.EndpointFailed(_logger, EndpointName, died);
                Update(() => _test.FailureReason = died);
                _lost = endpoint.FailureReason is null ? load.LostAgent : endpoint.LostAgent;
                return StopReason.EndpointFailed;
            }

            return jobStopped.IsCancellationRequested ? StopReason.JobStopped : StopReason.JobDurationReached;
        }
    }

    private void CompleteWith(StopReason reason, IEndpoint endpoint, GeneratorMonitor generator)
    {
        if (reason == StopReason.EndpointFailed)
        {
            Finish(RecommendationStatus.Failed, reason, _test.FailureReason ?? endpoint.FailureReason);
            return;
        }

        if (reason == StopReason.JobStopped)
        {
            Finish(RecommendationStatus.Stopped, reason, "the job was stopped before this test finished");
            return;
        }

        var peak = TestMetricsCalculator.FindPeakWindow(_test.Windows, Plan.Policy);
        if (peak is null || (long)Math.Floor(peak.InvocationsPerMinute) < 1)
        {
            Finish(RecommendationStatus.Failed, reason, TestFailureReasons.NoPeak(_test.Windows, Plan.Policy));
            return;
        }

        var hostBound = generator.HostCaveatFor(peak, _test.Windows.Count(w => w.HostBound == true), _test.Windows.Count);
        foreach (var caveat in new[] { generator.CaveatFor(peak), hostBound, DefaultJob.UnsaturatedCaveat(Plan, reason) }.OfType<Caveat>())
        {
            Update(() => _test.AddCaveat(caveat));
        }

        Update(() => _test.Metrics = MetricsOf(Plan, _test.Plan, peak));
        Finish(RecommendationStatus.Completed, reason, null);
    }

    /// <summary>A completed test's numbers from its peak window (also for a test kept across a server restart).</summary>
    internal static TestMetrics MetricsOf(JobPlan job, TestPlan test, WindowStats peak) => test.Configuration.ServerlessConfig is { MemorySizeInMB: { } memory }
        ? TestMetricsCalculator.ComputeServerless(peak, job.Policy, memory / 1024.0, ServerlessRules.PricePerGbSecond)
        : TestMetricsCalculator.Compute(peak, job.Policy, test.PricePerHour);

    private void Finish(RecommendationStatus status, StopReason reason, string? failure)
    {
        Update(() =>
        {
            _test.Status = status;
            _test.StopReason = reason;
            _test.FailureReason ??= failure;
        });
        _telemetry.Finish(status.Name(), reason.ToString(), _test.FailureReason);
        if (_test.FailureReason is { } why)
        {
            OrchestrationLog.TestEndedWithReason(_logger, EndpointName, status.Name(), reason.ToString(), why);
        }
        else
        {
            OrchestrationLog.TestEnded(_logger, EndpointName, status.Name(), reason.ToString(), _test.Metrics?.MaxInvocations);
        }
    }

    private void Update(Action change, WindowStats? window = null)
    {
        lock (_job.Sync)
        {
            change();
            _job.LastModifiedTime = Time.GetUtcNow();
            if (window is null)
            {
                _observer.TestChanged(_job, _test);
            }
            else
            {
                _observer.WindowAdded(_job, _test, window);
            }
        }
    }
}
