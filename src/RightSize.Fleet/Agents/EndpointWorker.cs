using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using RightSize.Endpoints;
using RightSize.Endpoints.Docker;
using RightSize.Fleet.Work;
using RightSize.Load;
using RightSize.Orchestration;

namespace RightSize.Fleet.Agents;

/// <summary>
/// The agent's endpoint role: takes start and stop work from its subject and runs the endpoints with the local
/// providers on this host's real hardware (no emulated limits), bound to the agent's address (containers published on
/// the Docker host's) so other hosts reach them.
/// </summary>
internal sealed class EndpointWorker : IAsyncDisposable
{
    private readonly INatsConnection _nats;
    private readonly JobEngine _engine;
    private readonly RunningAgent _agent;
    private readonly string _dockerAddress;
    private readonly ConcurrentDictionary<string, IEndpoint> _endpoints = new(StringComparer.Ordinal);
    // The lease and the last ping of each endpoint that has one (timestamps of the agent's clock).
    private readonly ConcurrentDictionary<string, (TimeSpan Lease, long LastPing)> _leases = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Task _reaper;

    public EndpointWorker(INatsConnection nats, JobEngine engine, RunningAgent agent, string dockerAddress, TimeProvider time)
    {
        _dockerAddress = dockerAddress;
        _nats = nats;
        _engine = engine;
        _agent = agent;
        _time = time;
        _loop = ListenAsync(_stop.Token);
        _reaper = ReapLapsedAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loop, _reaper);
        foreach (var name in _endpoints.Keys)
        {
            if (_endpoints.TryRemove(name, out var endpoint))
            {
                await endpoint.DisposeAsync();
            }
        }

        _stop.Dispose();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var message in _nats.SubscribeAsync<byte[]>(WorkSubjects.All(_agent.Info.Id), cancellationToken: stop))
            {
                // Starting an endpoint takes seconds; each message is handled on its own so a stop is never queued behind a start.
                _ = message.Subject == WorkSubjects.StartEndpoint(_agent.Info.Id) ? StartAsync(message, stop)
                    : message.Subject == WorkSubjects.StopEndpoint(_agent.Info.Id) ? StopAsync(message)
                    : message.Subject == WorkSubjects.Ping(_agent.Info.Id) ? PingAsync(message)
                    : ReplyAsync(message, []);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The agent stops.
        }
    }

    private async Task StartAsync(NatsMsg<byte[]> message, CancellationToken stop)
    {
        EndpointStartedReply reply;
        try
        {
            var work = JsonSerializer.Deserialize(message.Data, FleetJsonContext.Default.StartEndpointWork)!;
            reply = await ProvisionAsync(work, stop);
        }
        catch (Exception e) when (e is JsonException or ArgumentNullException or NotSupportedException)
        {
            reply = new EndpointStartedReply { FailureReason = $"agent {_agent.Info.Id} could not read the work: {e.Message}", Agent = _agent.Info };
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }

        await ReplyAsync(message, JsonSerializer.SerializeToUtf8Bytes(reply, FleetJsonContext.Default.EndpointStartedReply));
    }

    private async Task<EndpointStartedReply> ProvisionAsync(StartEndpointWork work, CancellationToken stop)
    {
        var request = new EndpointRequest
        {
            EndpointName = work.EndpointName,
            Model = JsonSerializer.Deserialize(work.ModelJson, SageMakerJsonContext.Default.CreateModelRequest),
            ModelDirectory = work.ModelDirectory,
            InstanceType = work.InstanceType,
            Gpus = work.Gpus,
            Environment = work.Environment,
            SetupDeadline = TimeSpan.FromSeconds(work.SetupDeadlineSeconds),
            // No limits on real hardware: memory use is a percent of what the agent may use (its cgroup's limit, else the host's).
            MemoryReferenceGiB = (_agent.Info.Facts.CgroupMemoryLimitBytes ?? _agent.Info.Facts.MemoryBytes) / (1024.0 * 1024 * 1024),
        };
        var provider = _engine.Providers(new Payload(work.ProbeBody, work.ProbeContentType)).FirstOrDefault(p => p.CanProvision(request));
        if (provider is null)
        {
            return new EndpointStartedReply { FailureReason = $"agent {_agent.Info.Id} cannot run image '{request.Model?.PrimaryContainer?.Image}'", Agent = _agent.Info };
        }

        // Reached from other hosts: a process listens on the agent's address, Docker publishes on its host's.
        request = request with { BindAddress = provider is DockerEndpointProvider ? _dockerAddress : _agent.Info.Address };
        await _agent.SetWorkAsync(work.EndpointName, starting: true);
        var provisioning = await provider.ProvisionAsync(request, stop);
        if (provisioning.Endpoint is not { } endpoint)
        {
            await _agent.SetWorkAsync(work.EndpointName, starting: false);
            return new EndpointStartedReply { FailureReason = $"on agent {_agent.Info.Id}: {provisioning.FailureReason}", Agent = _agent.Info };
        }

        _endpoints[work.EndpointName] = endpoint;
        if (work.LeaseSeconds is { } lease)
        {
            _leases[work.EndpointName] = (TimeSpan.FromSeconds(lease), _time.GetTimestamp());
        }

        return new EndpointStartedReply
        {
            InvocationsUrl = endpoint.InvocationsUrl.ToString(),
            ModelSetupSeconds = endpoint.ModelSetupTime?.TotalSeconds,
            Caveats = endpoint.Caveats,
            FailureReason = endpoint.FailureReason,
            Agent = _agent.Info,
        };
    }

    private async Task StopAsync(NatsMsg<byte[]> message)
    {
        var stopped = false;
        try
        {
            var work = JsonSerializer.Deserialize(message.Data, FleetJsonContext.Default.StopEndpointWork);
            stopped = work is not null && await StopEndpointAsync(work.EndpointName);
        }
        catch (JsonException)
        {
            // Not a stop message: nothing to stop.
        }

        await ReplyAsync(message, JsonSerializer.SerializeToUtf8Bytes(new StopEndpointReply(stopped), FleetJsonContext.Default.StopEndpointReply));
    }

    private async Task<bool> StopEndpointAsync(string name)
    {
        _leases.TryRemove(name, out _);
        if (!_endpoints.TryRemove(name, out var endpoint))
        {
            return false;
        }

        await endpoint.DisposeAsync();
        await _agent.SetWorkAsync(name, starting: false);
        return true;
    }

    /// <summary>Renews the endpoint's lease and answers with its CPU and memory use since the last ping.</summary>
    private async Task PingAsync(NatsMsg<byte[]> message)
    {
        EndpointUsage? usage = null;
        try
        {
            if (message.Data is { Length: > 0 } data && JsonSerializer.Deserialize(data, FleetJsonContext.Default.EndpointPing) is { } ping
                && _endpoints.TryGetValue(ping.EndpointName, out var endpoint))
            {
                if (_leases.TryGetValue(ping.EndpointName, out var lease))
                {
                    _leases[ping.EndpointName] = lease with { LastPing = _time.GetTimestamp() };
                }

                var sample = endpoint.SampleResources();
                usage = new EndpointUsage(Measured(sample.CpuUtilization), Measured(sample.MemoryUtilization));
            }
        }
        catch (JsonException)
        {
            // An empty ping (is the agent there?) gets an empty answer.
        }

        await ReplyAsync(message, usage is null ? [] : JsonSerializer.SerializeToUtf8Bytes(usage, FleetJsonContext.Default.EndpointUsage));
    }

    private static double? Measured(double value) => double.IsNaN(value) ? null : value;

    /// <summary>Stops endpoints whose coordinator stopped pinging them for longer than their lease (killed, or cut off).</summary>
    private async Task ReapLapsedAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                foreach (var (name, lease) in _leases)
                {
                    if (_time.GetElapsedTime(lease.LastPing) > lease.Lease && await StopEndpointAsync(name))
                    {
                        AgentLog.LeaseLapsed(_agent.Logger, _agent.Info.Id, name, lease.Lease.TotalSeconds);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The agent stops; DisposeAsync stops what is left.
        }
    }

    private async Task ReplyAsync(NatsMsg<byte[]> message, byte[] body)
    {
        try
        {
            await message.ReplyAsync(body);
        }
        catch (NatsException e)
        {
            AgentLog.ReplyFailed(_agent.Logger, _agent.Info.Id, e);
        }
    }
}
