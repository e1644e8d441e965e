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
    private readonly List<EndpointUsage> _samples = [];
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

    /// <summary>The fleet agent that runs the endpoint.</summary>
    public string AgentId => _agent.Id;

    public string? LostAgent => _failure is null ? null : _agent.Id;

    /// <summary>
    /// CPU and memory as the agent measured them (its endpoint's process tree or container, answered to each ping),
    /// averaged over the pings since the last call; unmeasured when none came.
    /// </summary>
    public ResourceSample SampleResources()
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
            {
                return ResourceSample.Unmeasured;
            }

            var sample = new ResourceSample(_samples.Average(s => s.CpuUtilization ?? double.NaN), _samples.Average(s => s.MemoryUtilization ?? double.NaN));
            _samples.Clear();
            return sample;
        }
    }

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
        // The ping names the endpoint, which renews its lease on the agent, and is answered with its CPU and memory use.
        var (lost, answer) = await AgentCheck.CheckAsync(_nats, _agents, _agent, $"endpoint {_name}", WorkSubjects.Ping(_agent.Id),
            JsonSerializer.SerializeToUtf8Bytes(new EndpointPing(_name), FleetJsonContext.Default.EndpointPing), stop);
        if (answer is { Length: > 0 } && Read(answer) is { } usage)
        {
            lock (_samples)
            {
                _samples.Add(usage);
            }
        }

        return lost;
    }

    private static EndpointUsage? Read(byte[] answer)
    {
        try
        {
            return JsonSerializer.Deserialize(answer, FleetJsonContext.Default.EndpointUsage);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
