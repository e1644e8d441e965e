using RightSize.Endpoints;
using RightSize.Load;

namespace RightSize.Orchestration;

/// <summary>
/// What the orchestration needs from the outside world: providers to start endpoints, and an engine that drives
/// the job's traffic pattern at a URL. Tests and the CLI share this wiring; only the clock and providers differ.
/// </summary>
public sealed class LoadDependencies
{
    private readonly IReadOnlyList<IEndpointProvider> _providers;
    private readonly Func<Uri, LoadRecorder, CancellationToken, Task> _startEngine;

    /// <param name="providers">Tried in order; the first that can provision a request does.</param>
    /// <param name="startEngine">Starts the load engine for one test: URL, recorder, stop token.</param>
    public LoadDependencies(
        IReadOnlyList<IEndpointProvider> providers,
        Func<Uri, LoadRecorder, CancellationToken, Task> startEngine,
        TimeProvider time)
    {
        _providers = providers;
        _startEngine = startEngine;
        Time = time;
    }

    public TimeProvider Time { get; }

    internal Task StartEngine(Uri url, LoadRecorder recorder, CancellationToken stop) => _startEngine(url, recorder, stop);

    internal Task<EndpointProvisioning> Provision(EndpointRequest request, CancellationToken cancellationToken)
    {
        var provider = _providers.FirstOrDefault(p => p.CanProvision(request));
        return provider is null
            ? Task.FromResult(EndpointProvisioning.Failed(
                $"no endpoint provider can run image '{request.Model?.PrimaryContainer?.Image}' yet (built in: builtin:xgboost, builtin:synthetic, process, and existing endpoints)"))
            : provider.ProvisionAsync(request, cancellationToken);
    }
}
