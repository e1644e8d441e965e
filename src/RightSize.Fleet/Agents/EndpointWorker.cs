using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using RightSize.Endpoints;
using RightSize.Fleet.Work;
using RightSize.Load;
using RightSize.Orchestration;

namespace RightSize.Fleet.Agents;

/// <summary>
/// The agent's endpoint role: takes start and stop work from its subject and runs the endpoints with the local
/// providers on this host's real hardware (no emulated limits), bound to the agent's address so other hosts reach them.
/// </summary>
internal sealed class EndpointWorker : IAsyncDisposable
{
    private readonly INatsConnection _nats;
    private readonly JobEngine _engine;
    private readonly RunningAgent _agent;
    private readonly ConcurrentDictionary<string, IEndpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public EndpointWorker(INatsConnection nats, JobEngine engine, RunningAgent agent)
    {
        _nats = nats;
        _engine = engine;
        _agent = agent;
        _loop = ListenAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
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
        var environment = new Dictionary<string, string>(work.Environment) { ["RIGHTSIZE_BIND_HOST"] = _agent.Info.Address };
        var request = new EndpointRequest
        {
            EndpointName = work.EndpointName,
            Model = JsonSerializer.Deserialize(work.ModelJson, SageMakerJsonContext.Default.CreateModelRequest),
            ModelDirectory = work.ModelDirectory,
            InstanceType = work.InstanceType,
            Gpus = work.Gpus,
            Environment = environment,
            SetupDeadline = TimeSpan.FromSeconds(work.SetupDeadlineSeconds),
        };
        var provider = _engine.Providers(new Payload(work.ProbeBody, work.ProbeContentType)).FirstOrDefault(p => p.CanProvision(request));
        if (provider is null)
        {
            return new EndpointStartedReply { FailureReason = $"agent {_agent.Info.Id} cannot run image '{request.Model?.PrimaryContainer?.Image}'", Agent = _agent.Info };
        }

        await _agent.SetWorkAsync(work.EndpointName, starting: true);
        var provisioning = await provider.ProvisionAsync(request, stop);
        if (provisioning.Endpoint is not { } endpoint)
        {
            await _agent.SetWorkAsync(work.EndpointName, starting: false);
            return new EndpointStartedReply { FailureReason = $"on agent {_agent.Info.Id}: {provisioning.FailureReason}", Agent = _agent.Info };
        }

        _endpoints[work.EndpointName] = endpoint;
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
            if (work is not null && _endpoints.TryRemove(work.EndpointName, out var endpoint))
            {
                await endpoint.DisposeAsync();
                await _agent.SetWorkAsync(work.EndpointName, starting: false);
                stopped = true;
            }
        }
        catch (JsonException)
        {
            // Not a stop message: nothing to stop.
        }

        await ReplyAsync(message, JsonSerializer.SerializeToUtf8Bytes(new StopEndpointReply(stopped), FleetJsonContext.Default.StopEndpointReply));
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
