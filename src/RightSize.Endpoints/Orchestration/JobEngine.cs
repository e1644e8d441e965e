using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;
using RightSize.Endpoints.Docker;
using RightSize.Endpoints.Serverless;
using RightSize.Jobs;
using RightSize.Load;

namespace RightSize.Orchestration;

/// <summary>
/// The endpoint providers, reapers and runner one job runs with, wired the same way for <c>rightsize run</c> and
/// <c>rightsize serve</c>, so both run jobs through one engine.
/// </summary>
public sealed class JobEngine : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly LocalProcessOptions _localProcesses;
    private readonly DockerOptions _docker;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly Func<Payload, IEndpointProvider>? _placement;
    private readonly ILoadGenerators? _generators;

    /// <param name="loggers">Where jobs, tests, providers and reapers log; nowhere by default.</param>
    /// <param name="placement">A provider for a job's health-probe payload, tried before the local ones: e.g. the fleet's, which places endpoints on agents of their instance type.</param>
    /// <param name="generators">Remote generators tried before this process for a test's load: e.g. the fleet's generator agents.</param>
    public JobEngine(TimeProvider time, LocalProcessOptions? localProcesses = null, DockerOptions? docker = null, ILoggerFactory? loggers = null,
        Func<Payload, IEndpointProvider>? placement = null, ILoadGenerators? generators = null)
    {
        _generators = generators;
        _time = time;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _placement = placement;
        _localProcesses = localProcesses ?? new LocalProcessOptions();
        _docker = docker ?? new DockerOptions();
    }

    /// <summary>Where local endpoints register their pid files: the reaper's folder.</summary>
    public string StateDirectory => _localProcesses.StateDirectory;

    /// <summary>
    /// The providers for <paramref name="plan"/>, tried in order: existing URLs, serverless (in front of local
    /// instances), local processes (builtin:* and process), then Docker for any other image. Health probes send the
    /// job's first payload.
    /// </summary>
    public IReadOnlyList<IEndpointProvider> Providers(JobPlan plan) =>
        _placement is null ? Providers(plan.Payloads[0]) : [_placement(plan.Payloads[0]), .. Providers(plan.Payloads[0])];

    /// <summary>The local providers alone (what a fleet agent runs), with <paramref name="probe"/> as the health probe's payload.</summary>
    public IReadOnlyList<IEndpointProvider> Providers(Payload probe)
    {
        var local = Local(probe);
        return
        [
            new ExistingUrlEndpointProvider(_http, probe),
            new ServerlessEndpointProvider(local, _http, _time),
            local,
            new DockerEndpointProvider(_docker, _http, probe, _time, _loggers.CreateLogger<DockerEndpointProvider>()),
        ];
    }

    /// <summary>Local processes alone (builtin:* and process), probed with <paramref name="probe"/>: what AI jobs start their models with.</summary>
    public IEndpointProvider LocalProvider(Load.Payload probe) => Local(probe);

    private LocalProcessEndpointProvider Local(Load.Payload probe) =>
        new(_localProcesses, _http, probe, _time, _loggers.CreateLogger<LocalProcessEndpointProvider>());

    public JobRunner RunnerFor(JobPlan plan) => new(new LoadDependencies(Providers(plan), _time, loggers: _loggers, generators: _generators));

    /// <summary>Creates the state folder or checks the one there (<see cref="StateFolder"/>); the errors say why it cannot be trusted.</summary>
    public IReadOnlyList<ValidationError> PrepareStateFolder() =>
        StateFolder.Prepare(StateDirectory) is { } unsafeFolder ? [new ValidationError("endpoint state folder", unsafeFolder)] : [];

    /// <summary>Stops endpoints (processes, cgroups, containers) a killed RightSize left running; returns how many.</summary>
    public async Task<int> ReapLeftoversAsync(CancellationToken cancellationToken)
    {
        var logger = _loggers.CreateLogger<JobEngine>();
        var processes = Logged(LocalProcessReaper.ReapLeftovers(StateDirectory, _time), "endpoint process(es)");
        var cgroups = Logged(CgroupReaper.ReapLeftovers(), "cgroup(s)");
        var containers = Logged(await DockerReaper.ReapLeftoversAsync(_docker, cancellationToken), "container(s)");
        return processes + cgroups + containers;

        int Logged(int count, string what)
        {
            if (count > 0)
            {
                EndpointsLog.Reaped(logger, count, what);
            }

            return count;
        }
    }

    public void Dispose() => _http.Dispose();
}
