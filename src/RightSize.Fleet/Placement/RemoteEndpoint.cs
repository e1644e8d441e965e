using System.Text.Json;
using NATS.Client.Core;
using RightSize.Endpoints;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Work;
using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Fleet.Placement;

/// <summary>
/// An endpoint an agent runs for the coordinator. It watches its agent once a second: when the agent's NATS connection
/// is gone (kill -9 closes it) or its heartbeat expires, the endpoint is lost and <see cref="FailureReason"/> names the agent.
/// </summary>
internal sealed class RemoteEndpoint : IEndpoint
{
    private readonly INatsConnection _nats;
    private readonly IAgentRegistry _agents;
    private readonly AgentInfo _agent;
    private readonly string _name;
    private readonly Action _release;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;
    private volatile string? _failure;

    public RemoteEndpoint(INatsConnection nats, IAgentRegistry agents, AgentInfo agent, string name, Uri invocations, TimeSpan? setup,
        IReadOnlyList<Caveat> caveats, TimeSpan interval, TimeProvider time, Action release)
    {
        _nats = nats;
        _agents = agents;
        _agent = agent;
        _name = name;
        _release = release;
        InvocationsUrl = invocations;
        ModelSetupTime = setup;
        Caveats = caveats;
        _watch = WatchAsync(interval, time, _stop.Token);
    }

    public Uri InvocationsUrl { get; }

    public TimeSpan? ModelSetupTime { get; }

    public IReadOnlyList<Caveat> Caveats { get; }

    public string? FailureReason => _failure;

    /// <summary>The agent's host is not sampled yet: CPU and memory stay unmeasured for remote endpoints.</summary>
    public ResourceSample SampleResources() => ResourceSample.Unmeasured;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch;
        if (_failure is null)
        {
            try
            {
                await _nats.RequestAsync<byte[], byte[]>(WorkSubjects.StopEndpoint(_agent.Id),
                    JsonSerializer.SerializeToUtf8Bytes(new StopEndpointWork(_name), FleetJsonContext.Default.StopEndpointWork),
                    replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(30) });
            }
            catch (NatsException)
            {
                // The agent went away meanwhile; a restarted agent reaps what it left.
            }
        }

        _release();
        _stop.Dispose();
    }

    private async Task WatchAsync(TimeSpan interval, TimeProvider time, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (_failure is null && await timer.WaitForNextTickAsync(stop))
            {
                _failure = await CheckAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The test is over.
        }
    }

    private async Task<string?> CheckAsync(CancellationToken stop)
    {
        var who = $"agent {_agent.Id} ({_agent.InstanceType} at {_agent.Address})";
        try
        {
            var entry = await _agents.GetAsync(_agent.Id, stop);
            if (entry is null)
            {
                return $"{who} lost its heartbeat mid-test: endpoint {_name} is gone";
            }

            if (entry.ProcessId != _agent.ProcessId || entry.StartedAt != _agent.StartedAt)
            {
                return $"{who} restarted mid-test: endpoint {_name} is gone";
            }

            // No responders: the server knows the agent's connection closed (a killed process), long before its heartbeat expires.
            await _nats.RequestAsync<byte[], byte[]>(WorkSubjects.Ping(_agent.Id), [], replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(5) }, cancellationToken: stop);
            return null;
        }
        catch (NatsNoRespondersException)
        {
            return $"{who} is gone mid-test (its NATS connection closed): endpoint {_name} is gone";
        }
        catch (NatsException)
        {
            // A slow answer or a NATS hiccup is not the agent's death; the heartbeat TTL decides.
            return null;
        }
    }
}
