using System.Collections.Concurrent;
using System.Text.Json;
using NATS.Client.Core;
using RightSize.Load;

namespace RightSize.Fleet.Generation;

/// <summary>One fleet load on the coordinator: what the generators sent, merged, and the Stop sent to each generator.</summary>
internal sealed class FleetRun(INatsConnection nats, string runId, IReadOnlyList<string> agentIds, TimeProvider time, IProgress<SecondBucket>? progress)
{
    private readonly int _generators = agentIds.Count;
    private readonly ConcurrentDictionary<int, GeneratorCpu> _busiest = new();
    private bool _stopped;

    public string RunId => runId;

    /// <summary>How long after Stop the generators' last seconds and reports may take.</summary>
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(10);

    public SecondMerger Merger { get; } = new(agentIds.Count);

    public LoadTotals Totals { get; } = new();

    public GeneratorDone?[] Done { get; } = new GeneratorDone?[agentIds.Count];

    public List<ValidationError> Errors { get; } = [];

    /// <summary>The busiest generator's CPU in <paramref name="second"/>; <see cref="GeneratorCpu.NoReport"/> when none reported it.</summary>
    public GeneratorCpu BusiestIn(int second) => _busiest.TryGetValue(second, out var cpu) ? cpu : GeneratorCpu.NoReport;

    /// <summary>Sends Stop to every generator of the run (once).</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            foreach (var agentId in agentIds)
            {
                await nats.PublishAsync(GenerationSubjects.Stop(agentId, runId), Array.Empty<byte>());
            }
        }
    }

    /// <summary>
    /// Merges buckets until every generator reported done. Cancellation or a failed generator broadcasts Stop, after
    /// which the reports still have <paramref name="deadline"/>'s grace to come; past the deadline it stops waiting.
    /// </summary>
    public async Task CollectAsync(INatsSub<byte[]> reports, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (Done.Any(d => d is null))
        {
            if (cancellationToken.IsCancellationRequested && !_stopped)
            {
                await StopAsync();
                // After Stop, the generators' last seconds and reports have a short grace of their own.
                deadline = time.GetUtcNow() + StopGrace;
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                await StopAsync();
                break;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stopped ? CancellationToken.None : cancellationToken);
            wait.CancelAfter(left);
            try
            {
                var message = await reports.Msgs.ReadAsync(wait.Token);
                await HandleAsync(message);
            }
            catch (OperationCanceledException)
            {
                // Cancelled by the caller (Stop is sent at the loop's top) or the deadline (checked there).
            }
        }

        Publish(Merger.TakeAll());
    }

    private async Task HandleAsync(NatsMsg<byte[]> message)
    {
        var parts = message.Subject.Split('.');
        if (parts.Length != 5 || !int.TryParse(parts[4], out var index) || index < 0 || index >= _generators)
        {
            return;
        }

        if (parts[3] == "bucket")
        {
            // Before the bucket is merged, so its second's CPU is known when the merged second is published.
            if (GeneratorCpuHeaders.Read(message.Headers, agentIds[index]) is { } cpu && SecondBucketCodec.PeekSecond(message.Data) is { } second)
            {
                _busiest.AddOrUpdate(second, cpu, (_, other) => other.Percent >= cpu.Percent ? other : cpu);
            }

            if (Merger.Add(index, message.Data ?? []) is { } error)
            {
                Errors.Add(error);
            }

            Publish(Merger.TakeComplete());
        }
        else if (parts[3] == "done")
        {
            var done = JsonSerializer.Deserialize(message.Data ?? [], GenerationJsonContext.Default.GeneratorDone);
            Done[index] = done ?? new GeneratorDone { RunId = runId, Index = index, AgentId = "?", Error = "unreadable report" };
            Merger.Finish(index);
            Publish(Merger.TakeComplete());
            if (Done[index]!.Error is not null)
            {
                await StopAsync();
            }
        }
    }

    private void Publish(IReadOnlyList<SecondBucket> seconds)
    {
        foreach (var second in seconds)
        {
            Totals.Add(second);
            progress?.Report(second);
        }
    }
}
