using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RightSize.Endpoints;
using RightSize.Load;
using RightSize.Load.Http;

namespace RightSize.Orchestration;

/// <summary>
/// What the orchestration needs from the outside world: providers to start endpoints, a clock, and the HTTP path
/// virtual users send through. The CLI and the server wire the same thing; tests swap the clock or providers.
/// </summary>
public sealed class LoadDependencies
{
    private readonly IReadOnlyList<IEndpointProvider> _providers;
    private readonly Func<Uri, TimeSpan, IInvokerFactory> _invokers;
    private readonly ILoadGenerators? _generators;

    /// <param name="providers">Tried in order; the first that can provision a request does.</param>
    /// <param name="time">The clock of schedules, windows and timestamps.</param>
    /// <param name="invokers">The HTTP path for a URL and per-request timeout; the socket client for http://, HttpClient for https:// by default.</param>
    /// <param name="readHostStat">The host's /proc/stat text (null where unreadable), read once a second to see other load on the host.</param>
    /// <param name="loggers">Where job and test events are logged; nowhere by default.</param>
    /// <param name="generators">Remote generators (a fleet's generator agents) tried before this process; none by default.</param>
    public LoadDependencies(
        IReadOnlyList<IEndpointProvider> providers,
        TimeProvider time,
        Func<Uri, TimeSpan, IInvokerFactory>? invokers = null,
        Func<string?>? readHostStat = null,
        ILoggerFactory? loggers = null,
        ILoadGenerators? generators = null)
    {
        _generators = generators;
        Loggers = loggers ?? NullLoggerFactory.Instance;
        _providers = providers;
        Time = time;
        _invokers = invokers ?? ((url, timeout) => Invokers.Create(url, "POST", timeout));
        ReadHostStat = readHostStat ?? HostLoad.ReadProcStat;
    }

    public TimeProvider Time { get; }

    internal ILoggerFactory Loggers { get; }

    internal Func<string?> ReadHostStat { get; }

    /// <summary>
    /// Starts the job's traffic pattern at <paramref name="endpoint"/>: on the remote generators when there are any that
    /// can reach it, else in this process (saying why when remote generators were asked and could not take it).
    /// </summary>
    internal async Task<ITestLoad> StartLoadAsync(JobPlan plan, IEndpoint endpoint, IReadOnlySet<string> avoid, CancellationToken cancellationToken)
    {
        IReadOnlyList<Results.Caveat> notes = [];
        if (_generators is not null)
        {
            var remote = await _generators.StartAsync(new TestLoadRequest(endpoint, plan.Schedule, plan.Payloads, plan.RequestTimeout,
                Jobs.RightSizeTags.GetGeneratorsOnEndpointHost(plan.Request), avoid), cancellationToken);
            if (remote.Succeeded)
            {
                return remote.Value;
            }

            notes = [.. remote.Errors.Select(e => new Results.Caveat(Results.CaveatKind.Note, $"load generated on the coordinator: {e.Message}"))];
        }

        return new LocalTestLoad(new LoadRecorder(Time), (recorder, stop) => RunEngineAsync(plan, endpoint.InvocationsUrl, recorder, stop), notes);
    }

    /// <summary>Drives the job's traffic pattern at <paramref name="url"/> until it ends or <paramref name="stop"/> fires.</summary>
    private async Task RunEngineAsync(JobPlan plan, Uri url, LoadRecorder recorder, CancellationToken stop)
    {
        var invokers = _invokers(url, plan.RequestTimeout);
        try
        {
            var engine = new ClosedLoopEngine(invokers, new PayloadSampler(plan.Payloads), recorder);
            await engine.RunAsync(plan.Schedule, stop);
        }
        finally
        {
            (invokers as IDisposable)?.Dispose();
        }
    }

    internal Task<EndpointProvisioning> Provision(EndpointRequest request, CancellationToken cancellationToken)
    {
        var provider = _providers.FirstOrDefault(p => p.CanProvision(request));
        return provider is null
            ? Task.FromResult(EndpointProvisioning.Failed(
                $"no endpoint provider can run image '{request.Model?.PrimaryContainer?.Image}' (RightSize runs builtin:xgboost, builtin:onnx, builtin:synthetic, builtin:llm-synthetic, process, Docker images and existing endpoints)"))
            : provider.ProvisionAsync(request, cancellationToken);
    }
}
