using RightSize.Endpoints;

namespace RightSize.Orchestration;

/// <summary>
/// The endpoint providers and runner one job runs with, wired the same way for <c>rightsize run</c> and
/// <c>rightsize serve</c>, so both run jobs through one engine.
/// </summary>
public sealed class JobEngine : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly LocalProcessOptions _localProcesses;
    private readonly TimeProvider _time;

    public JobEngine(TimeProvider time, LocalProcessOptions? localProcesses = null)
    {
        _time = time;
        _localProcesses = localProcesses ?? new LocalProcessOptions();
    }

    /// <summary>Where local endpoints register their pid files: the reaper's folder.</summary>
    public string StateDirectory => _localProcesses.StateDirectory;

    /// <summary>The providers for <paramref name="plan"/>, tried in order; health probes send the job's first payload.</summary>
    public IReadOnlyList<IEndpointProvider> Providers(JobPlan plan)
    {
        var probe = plan.Payloads[0];
        return [new ExistingUrlEndpointProvider(_http, probe), new LocalProcessEndpointProvider(_localProcesses, _http, probe, _time)];
    }

    public JobRunner RunnerFor(JobPlan plan) => new(new LoadDependencies(Providers(plan), _time));

    /// <summary>Stops endpoints a killed RightSize left running; returns how many.</summary>
    public int ReapLeftovers() => LocalProcessReaper.ReapLeftovers(StateDirectory);

    public void Dispose() => _http.Dispose();
}
