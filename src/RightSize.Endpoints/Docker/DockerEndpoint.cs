using System.Globalization;
using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Endpoints.Docker;

/// <summary>
/// A running endpoint container: watches for its exit (the wait API), samples its stats once a second, and stops and
/// removes it on dispose. Owns the client it was created with.
/// </summary>
internal sealed class DockerEndpoint : IEndpoint
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly DockerEngineClient _docker;
    private readonly string _endpointName;
    private readonly DockerOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _sync = new();
    private readonly List<Caveat> _caveats;
    private Task _exitWatch = Task.CompletedTask;
    private Task _sampling = Task.CompletedTask;
    private ResourceSample _latest = ResourceSample.Unmeasured;
    private string? _exitReason;
    private volatile bool _exited;
    private volatile bool _ready;
    private int _disposed;

    public DockerEndpoint(
        DockerEngineClient docker, ContainerCreateResponse created, string endpointName, DockerOptions options, TimeProvider time)
    {
        _docker = docker;
        ContainerId = created.Id;
        _endpointName = endpointName;
        _options = options;
        _time = time;
        _caveats = [.. (created.Warnings ?? []).Select(w => new Caveat(CaveatKind.Note, $"Docker: {w}"))];
    }

    public string ContainerId { get; }

    public Uri InvocationsUrl { get; private set; } = new("http://127.0.0.1/invocations");

    public TimeSpan? ModelSetupTime { get; private set; }

    public IReadOnlyList<Caveat> Caveats => _caveats;

    public bool HasExited => _exited;

    public string? FailureReason => _ready ? Volatile.Read(ref _exitReason) : null;

    /// <summary>Starts the container and its watchers; its base URL at the published address, or why there is none.</summary>
    public async Task<DockerResult<Uri>> StartAsync(CancellationToken cancellationToken)
    {
        if (await _docker.StartContainerAsync(ContainerId, cancellationToken) is { } error)
        {
            return DockerResult<Uri>.Fail(error);
        }

        _exitWatch = WatchExitAsync();
        _sampling = SampleAsync();
        var inspected = await _docker.InspectContainerAsync(ContainerId, cancellationToken);
        if (inspected.Value is not { } container)
        {
            return DockerResult<Uri>.Fail(inspected.Error!);
        }

        if (container.NetworkSettings.Ports?.GetValueOrDefault(DockerContainerSpec.ContainerPort) is not [{ HostPort: { Length: > 0 } port, HostIp: var address }, ..])
        {
            return DockerResult<Uri>.Fail(container.State.Running
                ? $"Docker published no host port for {DockerContainerSpec.ContainerPort}"
                : "the container exited as soon as it started");
        }

        if (UserlandProxy.Forwards(port))
        {
            _caveats.Add(new Caveat(CaveatKind.LimitsNotEnforced, UserlandProxy.Warning));
        }

        // UriBuilder puts an IPv6 address in brackets.
        return DockerResult<Uri>.Ok(new UriBuilder("http", address is { Length: > 0 } ? address : "127.0.0.1", int.Parse(port, CultureInfo.InvariantCulture)).Uri);
    }

    public void MarkReady(Uri invocationsUrl, TimeSpan setupTime)
    {
        InvocationsUrl = invocationsUrl;
        ModelSetupTime = setupTime;
        _ready = true;
    }

    public ResourceSample SampleResources()
    {
        lock (_sync)
        {
            // Each sample is reported once: a stalled stats stream reads as not measured, never as the previous second.
            var sample = _exited ? ResourceSample.Unmeasured : _latest;
            _latest = ResourceSample.Unmeasured;
            return sample;
        }
    }

    /// <summary>The message with the container, its exit code (if it exited) and the last lines of its log.</summary>
    public async Task<string> DescribeAsync(string what, CancellationToken cancellationToken)
    {
        var state = (await _docker.InspectContainerAsync(ContainerId, cancellationToken)).Value?.State;
        var exit = state is { Running: false, Status: not "created" }
            ? $", exit code {state.ExitCode}{(state.OOMKilled ? ", killed for going over its memory limit" : string.Empty)}"
            : string.Empty;
        if (_options.LogTailLines <= 0)
        {
            return $"{what} (container {DockerEngineClient.Short(ContainerId)}{exit}); {EndpointLog.Withheld}";
        }

        var logs = await _docker.LogsAsync(ContainerId, _options.LogTailLines, cancellationToken);
        var tail = logs.Value switch
        {
            { Count: > 0 } lines => "; last lines of its log:\n  " + string.Join("\n  ", lines),
            { } => "; it logged nothing",
            null => $"; its log could not be read: {logs.Error}",
        };
        return $"{what} (container {DockerEngineClient.Short(ContainerId)}{exit}){tail}";
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _lifetime.CancelAsync();
        try
        {
            // Errors are left to the reaper: the container keeps its labels until it is gone.
            await _docker.StopContainerAsync(ContainerId, _options.StopTimeout, CancellationToken.None);
            await _docker.RemoveContainerAsync(ContainerId, CancellationToken.None);
        }
        finally
        {
            await Task.WhenAll(_exitWatch, _sampling);
            _lifetime.Dispose();
            _docker.Dispose();
        }
    }

    private async Task WatchExitAsync()
    {
        try
        {
            var waited = await _docker.WaitAsync(ContainerId, _lifetime.Token);
            _exited = true;
            var reason = waited.Value is null
                ? $"endpoint {_endpointName}: lost track of its container: {waited.Error}"
                : await DescribeAsync($"endpoint {_endpointName} exited during the test", _lifetime.Token);
            Volatile.Write(ref _exitReason, reason);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Disposed: the container is being removed on purpose.
        }
    }

    // One stats sample a second, from start to exit, so a measured CPU interval exists when the test starts.
    private async Task SampleAsync()
    {
        ContainerStats? previous = null;
        try
        {
            while (!_exited)
            {
                var stats = await _docker.StatsAsync(ContainerId, _lifetime.Token);
                var sample = stats.Value is { } current ? DockerUsage.Between(previous, current) : ResourceSample.Unmeasured;
                previous = stats.Value ?? previous;
                lock (_sync)
                {
                    _latest = sample;
                }

                await Task.Delay(SampleInterval, _time, _lifetime.Token);
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Disposed.
        }
    }
}
