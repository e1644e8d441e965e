using RightSize.Jobs;
using RightSize.Load;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Stopping;
using RightSize.Traffic;
using RightSize.Windows;

namespace RightSize.Core.Tests.Reports;

/// <summary>
/// A finished job as the runner would leave it: windows built by the real aggregator from per-second buckets, results
/// by the real calculator. Test 0 reproduces the seed's worked example (371/min per instance, 0.23/h, target 1000).
/// </summary>
internal static class ReportFixture
{
    internal const string Description = "Nightly sizing <script>alert('x')</script> & more";
    internal const string FailureReason = "the endpoint exited with code 137 <out of memory>; give it more memory";
    internal const string HostBoundDetail = "other processes used 1.2 of 2 cores in the peak window";

    /// <summary>Test 1's windows that end after this second were measured while the host was saturated.</summary>
    internal const int HostBoundFrom = 480;

    internal static readonly DateTimeOffset Created = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    internal static JobRecord Job()
    {
        var request = new CreateInferenceRecommendationsJobRequest
        {
            JobName = "xgb-sizing",
            JobType = "Advanced",
            RoleArn = "arn:aws:iam::000000000000:role/rightsize",
            JobDescription = Description,
            InputConfig = new RecommendationJobInputConfig { ModelName = "xgb-model" },
            StoppingConditions = new RecommendationJobStoppingConditions
            {
                MaxInvocations = 1000,
                ModelLatencyThresholds = [new ModelLatencyThreshold { Percentile = "P95", ValueInMilliseconds = 100 }],
            },
        };
        var plan = new JobPlan
        {
            Request = request,
            JobArn = "arn:aws:sagemaker:us-east-1:000000000000:inference-recommendations-job/xgb-sizing",
            Payloads = [],
            Schedule = new StairsSchedule(TimeSpan.FromSeconds(600), 5, 2),
            Policy = StoppingPolicy.From(request.StoppingConditions),
            Tests =
            [
                Plan(0, "ml.m5.large", 0.23),
                Plan(1, "ml.c5.xlarge", 0.204, new EnvironmentParameter { Key = "OMP_NUM_THREADS", ValueType = "String", Value = "2,4" }),
                Plan(2, "ml.t2.medium", 0.056),
                Plan(3, "ml.m5.xlarge", 0.23),
            ],
        };
        var job = new JobRecord(plan, Created) { Status = RecommendationStatus.Completed, CompletionTime = Created.AddMinutes(20) };
        job.LastModifiedTime = job.CompletionTime.Value;

        // The seed's example: a full window of exactly 371 invocations ends at 240 s and is the best one.
        Complete(job, job.Tests[0], 240, StopReason.InvocationsFlattened, ResourceSample.Unmeasured,
            s => s < 60 ? 2 : s < 120 ? 4 : s < 180 ? 5 : s < 191 ? 7 : 6);
        Complete(job, job.Tests[1], 540, StopReason.LatencyThresholdExceeded, new ResourceSample(152.5, 41.25),
            s => (int)Math.Min(10, 2 + (s / 60)), hostBoundAt: s => s >= HostBoundFrom);
        job.Tests[1].AddCaveat(new Caveat(CaveatKind.HostBound, HostBoundDetail));
        job.Tests[1].AddCaveat(new Caveat(CaveatKind.Note, "limits enforced by cgroup v2 rightsize/x: CPU quota 2 vCPU"));

        var failed = job.Tests[2];
        Run(failed, 45, ResourceSample.Unmeasured, _ => 1);
        failed.Status = RecommendationStatus.Failed;
        failed.StopReason = StopReason.EndpointFailed;
        failed.FailureReason = FailureReason;
        failed.AddCaveat(new Caveat(CaveatKind.Emulated, "the host has 2 CPUs, fewer than ml.t2.medium's 2 vCPUs & 4 GiB: results are indicative"));

        var neverStarted = job.Tests[3];
        neverStarted.Status = RecommendationStatus.Stopped;
        neverStarted.StopReason = StopReason.JobDurationReached;
        neverStarted.FailureReason = "not started: the job reached JobDurationInSeconds";
        return job;
    }

    internal static TestPlan Plan(int index, string instanceType, double price, params EnvironmentParameter[] environment) => new()
    {
        Index = index,
        Configuration = new EndpointInputConfiguration { InstanceType = instanceType },
        EndpointName = $"xgb-sizing-{index}",
        EnvironmentParameters = environment,
        PricePerHour = price,
    };

    /// <summary>Feeds <paramref name="seconds"/> seconds through the aggregator: the given invocations per second, latency growing with users.</summary>
    internal static void Run(TestRecord test, int seconds, ResourceSample resources, Func<int, int> invocationsAt, Func<int, bool>? hostBoundAt = null)
    {
        var schedule = new StairsSchedule(TimeSpan.FromSeconds(600), 5, 2);
        var aggregator = new WindowAggregator(60);
        var random = new Random(test.Plan.Index);
        for (var s = 0; s < seconds; s++)
        {
            var users = schedule.UsersAt(TimeSpan.FromSeconds(s));
            var bucket = new SecondBucket(s) { Users = users, UserSeconds = users };
            for (var i = 0; i < invocationsAt(s); i++)
            {
                var latencyMs = (8 * users) + (random.NextDouble() * 4 * users);
                bucket.Record((long)(latencyMs * 1e6), InvocationOutcome.Success);
            }

            test.AddWindow(aggregator.Add(bucket, resources) with { HostBound = hostBoundAt?.Invoke(s) });
        }

        test.InvocationStartTime = Created.AddSeconds(30 + (test.Plan.Index * 700));
        test.InvocationEndTime = test.InvocationStartTime.Value.AddSeconds(seconds);
        test.ModelSetupTime = TimeSpan.FromSeconds(4.5);
    }

    private static void Complete(
        JobRecord job, TestRecord test, int seconds, StopReason reason, ResourceSample resources, Func<int, int> invocationsAt, Func<int, bool>? hostBoundAt = null)
    {
        Run(test, seconds, resources, invocationsAt, hostBoundAt);
        var peak = TestMetricsCalculator.FindPeakWindow(test.Windows, job.Plan.Policy)!;
        test.Metrics = TestMetricsCalculator.Compute(peak, job.Plan.Policy, test.Plan.PricePerHour);
        test.Status = RecommendationStatus.Completed;
        test.StopReason = reason;
    }
}
