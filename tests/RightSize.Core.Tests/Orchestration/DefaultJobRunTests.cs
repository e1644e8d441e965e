using System.Net.Http;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Stopping;

namespace RightSize.Core.Tests.Orchestration;

/// <summary>
/// A Default job's adaptive search on an endpoint of known capacity: it stops once invocations flatten, at the capacity,
/// long before its last step; a test JobDurationInSeconds cuts before that carries the not-saturated caveat.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class DefaultJobRunTests
{
    private static JobPlan DefaultPlan(Uri url, int windowSeconds, TimeSpan? jobDuration = null)
    {
        var plan = JobPlans.ForExistingEndpoint(url, DefaultJob.Schedule(windowSeconds), new StoppingPolicy(), windowSeconds: windowSeconds, jobDuration: jobDuration);
        return plan with { Request = plan.Request with { JobType = "Default" } };
    }

    [Fact]
    public async Task The_search_stops_when_invocations_flatten_and_finds_the_capacity()
    {
        // 4 slots x 20 ms: 200 invocations/s = 12,000 per minute, saturated from 4 users (the third step).
        await using var target = await TestTarget.StartAsync(new TestTargetOptions { Slots = 4, ServiceTime = TimeSpan.FromMilliseconds(20) });
        using var http = new HttpClient();
        var plan = DefaultPlan(target.BaseAddress, windowSeconds: 2);
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);

        await new JobRunner(new LoadDependencies([new ExistingUrlEndpointProvider(http, JobPlans.Csv)], TimeProvider.System))
            .RunAsync(job, NullJobObserver.Instance, CancellationToken.None);

        var test = Assert.Single(job.Tests);
        Assert.Equal(StopReason.InvocationsFlattened, test.StopReason);
        Assert.True(test.Windows.Count < plan.Schedule.Duration.TotalSeconds, $"ran {test.Windows.Count} s of the search's {plan.Schedule.Duration.TotalSeconds} s");
        Assert.DoesNotContain(test.Caveats, c => c.Kind == CaveatKind.NotSaturated);
        // Near the capacity the target really had (a busy host makes its 20 ms timers late), never above the nominal one.
        var effective = 4 * 60 / (target.BusyTime.TotalSeconds / target.Invocations);
        Assert.InRange(test.Metrics!.PerInstanceMaxInvocations, Math.Min(12_000, effective) * 0.93, 12_000 * 1.03);
    }

    [Fact]
    public async Task A_test_cut_by_JobDurationInSeconds_is_reported_as_not_saturated()
    {
        await using var target = await TestTarget.StartAsync(new TestTargetOptions { Slots = 64, ServiceTime = TimeSpan.FromMilliseconds(20) });
        using var http = new HttpClient();
        var job = new JobRecord(DefaultPlan(target.BaseAddress, windowSeconds: 1, jobDuration: TimeSpan.FromSeconds(3)), DateTimeOffset.UtcNow);

        await new JobRunner(new LoadDependencies([new ExistingUrlEndpointProvider(http, JobPlans.Csv)], TimeProvider.System))
            .RunAsync(job, NullJobObserver.Instance, CancellationToken.None);

        var test = Assert.Single(job.Tests);
        Assert.Equal(StopReason.JobDurationReached, test.StopReason);
        Assert.Equal(RecommendationStatus.Completed, test.Status);
        var caveat = Assert.Single(test.Caveats, c => c.Kind == CaveatKind.NotSaturated);
        Assert.Contains("lower bound", caveat.Detail, StringComparison.Ordinal);
    }
}
