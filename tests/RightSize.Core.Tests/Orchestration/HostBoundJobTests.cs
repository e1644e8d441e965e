using System.Globalization;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Results;
using RightSize.Traffic;
using RightSize.Windows;

namespace RightSize.Core.Tests.Orchestration;

/// <summary>
/// Issue #10: the same job, once on a quiet host and once on a saturated one (the host's /proc/stat as recorded for
/// each), is flagged host-bound only on the saturated one: every window says so and the peak's caveat explains it.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class HostBoundJobTests
{
    [Fact]
    public async Task The_same_job_is_host_bound_on_a_saturated_host_and_not_on_a_quiet_one()
    {
        await using var target = await TestTarget.StartAsync(new TestTargetOptions { Slots = 4, ServiceTime = TimeSpan.FromMilliseconds(20) });

        var quiet = await RunAsync(target.BaseAddress, new ProcStat(busyShare: 0, running: 1));
        var saturated = await RunAsync(target.BaseAddress, new ProcStat(busyShare: 1, running: 40));

        Assert.Equal(RecommendationStatus.Completed, quiet.Status);
        Assert.All(quiet.Windows, w => Assert.False(w.HostBound));
        Assert.DoesNotContain(quiet.Caveats, c => c.Kind == CaveatKind.HostBound);

        Assert.Equal(RecommendationStatus.Completed, saturated.Status);
        Assert.All(saturated.Windows, w => Assert.True(w.HostBound));
        var caveat = Assert.Single(saturated.Caveats, c => c.Kind == CaveatKind.HostBound);
        Assert.Contains("the host was saturated in the peak window", caveat.Detail, StringComparison.Ordinal);
        Assert.Contains("run queue 40", caveat.Detail, StringComparison.Ordinal);
        Assert.Contains($"{saturated.Windows.Count} of {saturated.Windows.Count} windows host-bound", caveat.Detail, StringComparison.Ordinal);
    }

    private static async Task<TestRecord> RunAsync(Uri url, ProcStat host)
    {
        using var http = new HttpClient();
        var runner = new JobRunner(new LoadDependencies([new MeasuredEndpointProvider(http)], TimeProvider.System, readHostStat: host.Next));
        var job = new JobRecord(JobPlans.ForExistingEndpoint(url, new ConstantSchedule(4, TimeSpan.FromSeconds(4))), DateTimeOffset.UtcNow);
        await runner.RunAsync(job, NullJobObserver.Instance, CancellationToken.None);
        return Assert.Single(job.Tests);
    }

    /// <summary>/proc/stat of a 2-core host whose cores are busy for the given share of each read's ticks.</summary>
    private sealed class ProcStat(double busyShare, int running)
    {
        private long _ticks;

        public string Next()
        {
            _ticks += 1000;
            var busy = (long)(_ticks * busyShare);
            return string.Create(CultureInfo.InvariantCulture,
                $"cpu  {busy} 0 0 {_ticks - busy} 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\nprocs_running {running}\n");
        }
    }

    /// <summary>An existing endpoint whose CPU is measured (a tenth of a core), so the host's other load can be told apart.</summary>
    private sealed class MeasuredEndpointProvider(HttpClient http) : IEndpointProvider
    {
        private readonly ExistingUrlEndpointProvider _inner = new(http, JobPlans.Csv);

        public bool CanProvision(EndpointRequest request) => _inner.CanProvision(request);

        public async Task<EndpointProvisioning> ProvisionAsync(EndpointRequest request, CancellationToken cancellationToken)
        {
            var inner = await _inner.ProvisionAsync(request, cancellationToken);
            return inner.Endpoint is { } endpoint ? EndpointProvisioning.Started(new Measured(endpoint)) : inner;
        }

        private sealed class Measured(IEndpoint inner) : IEndpoint
        {
            public Uri InvocationsUrl => inner.InvocationsUrl;

            public TimeSpan? ModelSetupTime => inner.ModelSetupTime;

            public IReadOnlyList<Caveat> Caveats => [];

            public string? FailureReason => inner.FailureReason;

            public ResourceSample SampleResources() => new(10, 5);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
