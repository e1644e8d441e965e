using System.Collections.Concurrent;
using System.Globalization;
using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Placement;
using RightSize.Load;
using RightSize.Results;

namespace RightSize.Fleet.Generation;

/// <summary>
/// A test's load on generator agents, as the test's window evaluation takes it: the merged seconds (each once every
/// generator sent its part), the generators' clock offsets as a note, and a generator lost mid-test (its connection
/// closed, heartbeat lost or restarted) as the failure. Once a second it renews each generator's lease.
/// </summary>
internal sealed class FleetTestLoad(INatsConnection nats, IAgentRegistry registry, IReadOnlyList<AgentInfo> agents, string endpointAgent, TimeSpan interval, TimeProvider time)
    : ITestLoad, IProgress<SecondBucket>
{
    // After Stop, generators on a network answer within a moment; a lost one never will.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<int, SecondBucket> _seconds = new();
    private readonly CancellationTokenSource _stop = new();
    private FleetRun? _run;
    private INatsSub<byte[]>? _reports;
    private Task _collect = Task.CompletedTask;
    private Task _watch = Task.CompletedTask;
    private DateTimeOffset _startAt;
    private int _users;
    private volatile string? _lost;
    private volatile string? _lostAgent;

    public TimeSpan Elapsed => time.GetUtcNow() - _startAt;

    public int Users => Volatile.Read(ref _users);

    public IReadOnlyList<Caveat> Caveats { get; private set; } = [];

    public string? FailureReason => _lost
        ?? (_run?.Done.FirstOrDefault(d => d?.Error is not null) is { } failed ? $"generator agent {failed.AgentId} failed: {failed.Error}" : null);

    public string? LostAgent => _lostAgent;

    public SecondBucket? TryCollect(int second) => _seconds.TryRemove(second, out var bucket) ? bucket : null;

    public GeneratorCpu? RemoteGeneratorCpu(int second) => _run?.BusiestIn(second) ?? GeneratorCpu.NoReport;

    /// <summary>Takes each merged second (the run's collector calls it in order).</summary>
    public void Report(SecondBucket value)
    {
        _seconds[value.Second] = value;
        Volatile.Write(ref _users, value.Users);
    }

    /// <summary>Starts collecting and watching the started run; <paramref name="length"/> is the schedule plus the request timeout.</summary>
    public void Begin(FleetLoad.StartedRun started, TimeSpan length)
    {
        _run = started.Run!;
        _run.StopGrace = StopGrace;
        _reports = started.Reports!;
        _startAt = started.StartAt;
        var generators = string.Join(", ", agents.Select((a, i) => string.Create(CultureInfo.InvariantCulture,
            $"{a.Id} at {a.Address} (clock offset {SignedMs(started.Clocks[i].Offset):+0.0;-0.0} ms, within {started.Clocks[i].RoundTrip.TotalMilliseconds / 2:0.0} ms)")));
        Caveats = [new Caveat(CaveatKind.Note, $"load from {agents.Count} generator agent(s) other than the endpoint's ({endpointAgent}), its users split among them, "
            + $"started at one shared instant, their seconds merged on the coordinator: {generators}")];
        _collect = _run.CollectAsync(_reports, _startAt + length + ReportGrace, _stop.Token);
        _watch = WatchAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch;
        await _collect;
        if (_reports is not null)
        {
            await _reports.DisposeAsync();
        }

        _stop.Dispose();
    }

    /// <summary>Once a second: renew every generator's lease and check that it is still there.</summary>
    private async Task WatchAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (_lost is null && await timer.WaitForNextTickAsync(stop))
            {
                foreach (var agent in agents)
                {
                    try
                    {
                        await nats.PublishAsync(GenerationSubjects.Lease(agent.Id, _run!.RunId), Array.Empty<byte>(), cancellationToken: stop);
                    }
                    catch (NatsException)
                    {
                        // NATS is away (a restart): the client reconnects; the lease's length covers it.
                    }

                    var (lost, _) = await AgentCheck.CheckAsync(nats, registry, agent, "its share of the load", GenerationSubjects.Clock(agent.Id), [], stop);
                    if (lost is not null)
                    {
                        _lostAgent = agent.Id;
                        _lost = "generator " + lost;
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The test is over.
        }
    }

    /// <summary>
    /// Milliseconds rounded to the tenth shown, with a negative zero made positive: .NET writes a small negative offset
    /// such as -0.01 as "-+0.0" under a signed format.
    /// </summary>
    private static double SignedMs(TimeSpan offset) => Math.Round(offset.TotalMilliseconds, 1) + 0.0;
}
