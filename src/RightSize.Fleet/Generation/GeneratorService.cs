using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using RightSize.Load;
using RightSize.Load.Http;
using RightSize.Traffic;

namespace RightSize.Fleet.Generation;

/// <summary>
/// An agent's generator role: answers clock readings, takes assignments, waits for the shared start, runs its segment
/// of the load and streams each second to the coordinator, until its schedule ends or the coordinator says Stop.
/// </summary>
internal sealed class GeneratorService : IAsyncDisposable
{
    private readonly INatsConnection _nats;
    private readonly string _agentId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Task> _runs = new();
    // Each running load's stop, for a coordinator's stop-all at its start.
    private readonly ConcurrentDictionary<string, Action> _stoppers = new();
    private readonly Task _clock;
    private readonly Task _starts;
    private readonly Task _stopAll;

    private GeneratorService(INatsConnection nats, string agentId, TimeProvider time, ILogger logger,
        INatsSub<byte[]> clock, INatsSub<byte[]> starts, INatsSub<byte[]> stopAll)
    {
        _nats = nats;
        _agentId = agentId;
        _time = time;
        _logger = logger;
        _clock = AnswerClockAsync(clock);
        _starts = TakeStartsAsync(starts);
        _stopAll = StopAllAsync(stopAll);
    }

    public static async Task<GeneratorService> StartAsync(INatsConnection nats, string agentId, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var clock = await nats.SubscribeCoreAsync<byte[]>(GenerationSubjects.Clock(agentId), cancellationToken: cancellationToken);
        var starts = await nats.SubscribeCoreAsync<byte[]>(GenerationSubjects.Start(agentId), cancellationToken: cancellationToken);
        var stopAll = await nats.SubscribeCoreAsync<byte[]>(GenerationSubjects.StopAll(agentId), cancellationToken: cancellationToken);
        return new GeneratorService(nats, agentId, time, logger, clock, starts, stopAll);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll([_clock, _starts, _stopAll, .. _runs.Values]);
        _stop.Dispose();
    }

    /// <summary>Stops every running load and answers when they have ended (their done messages sent).</summary>
    private async Task StopAllAsync(INatsSub<byte[]> subscription)
    {
        await using var owned = subscription;
        await foreach (var request in Messages(subscription))
        {
            var stopped = new List<Task>();
            foreach (var (runId, stop) in _stoppers)
            {
                if (_stoppers.TryRemove(runId, out _) && _runs.TryGetValue(runId, out var run))
                {
                    GenerationLog.StoppedLeftover(_logger, runId);
                    stop();
                    stopped.Add(run);
                }
            }

            await Task.WhenAll(stopped);
            await ReplyAsync(request, JsonSerializer.SerializeToUtf8Bytes(new StopAllReply(stopped.Count), GenerationJsonContext.Default.StopAllReply));
        }
    }

    private async Task AnswerClockAsync(INatsSub<byte[]> subscription)
    {
        await using var _ = subscription;
        await foreach (var request in Messages(subscription))
        {
            await ReplyAsync(request, JsonSerializer.SerializeToUtf8Bytes(new ClockReading(_time.GetUtcNow()), GenerationJsonContext.Default.ClockReading));
        }
    }

    private async Task TakeStartsAsync(INatsSub<byte[]> subscription)
    {
        await using var _ = subscription;
        await foreach (var request in Messages(subscription))
        {
            var assignment = request.Data is { Length: > 0 } data ? Read(data) : null;
            var error = assignment is null ? "not a generator assignment" : Check(assignment);
            if (error is null)
            {
                // Subscribed to Stop before accepting, so a Stop sent right after the reply is never missed.
                var stop = await _nats.SubscribeCoreAsync<byte[]>(GenerationSubjects.Stop(_agentId, assignment!.RunId), cancellationToken: _stop.Token);
                var lease = assignment.LeaseSeconds is null ? null : await _nats.SubscribeCoreAsync<byte[]>(GenerationSubjects.Lease(_agentId, assignment.RunId), cancellationToken: _stop.Token);
                _runs[assignment.RunId] = RunAsync(assignment, stop, lease);
            }

            await ReplyAsync(request, JsonSerializer.SerializeToUtf8Bytes(new StartReply(error is null, error), GenerationJsonContext.Default.StartReply));
        }
    }

    private async Task RunAsync(GeneratorAssignment a, INatsSub<byte[]> stopSubscription, INatsSub<byte[]>? leaseSubscription)
    {
        await Task.Yield();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var stopped = false;
        void Stop()
        {
            stopped = true;
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended as the stop came: nothing left to stop.
            }
        }

        _stoppers[a.RunId] = Stop;
        var watch = WatchStopAsync(stopSubscription, Stop);
        var lease = leaseSubscription is null ? Task.CompletedTask : WatchLeaseAsync(leaseSubscription, TimeSpan.FromSeconds(a.LeaseSeconds!.Value), a.RunId, stop);
        var buckets = Channel.CreateUnbounded<(byte[] Bytes, NatsHeaders Cpu)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var sent = 0;
        var publisher = Task.Run(async () =>
        {
            await foreach (var (bytes, cpu) in buckets.Reader.ReadAllAsync())
            {
                await _nats.PublishAsync(GenerationSubjects.Bucket(a.RunId, a.Index), bytes, headers: cpu);
                sent++;
            }
        });
        var done = new GeneratorDone { RunId = a.RunId, Index = a.Index, AgentId = _agentId };
        try
        {
            GenerationLog.Starting(_logger, a.Index, a.Generators, a.RunId, a.StartAt);
            var wait = a.StartAt - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, stop.Token);
            }

            using var cpu = new ProcessCpu(_time);
            var summary = await AdHocLoad.RunAsync(OptionsOf(a), _time, new Sink(buckets.Writer, cpu), stop.Token);
            done = done with { Requests = summary.Requests, Errors = summary.Errors, DurationSeconds = summary.DurationSeconds };
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped before the shared start: nothing ran.
        }
        catch (Exception e)
        {
            GenerationLog.Failed(_logger, a.RunId, e);
            done = done with { Error = e.Message };
        }

        buckets.Writer.Complete();
        await publisher;
        await stopSubscription.UnsubscribeAsync();
        await (leaseSubscription?.UnsubscribeAsync() ?? ValueTask.CompletedTask);
        await Task.WhenAll(watch, lease);
        done = done with { SecondsSent = sent, Stopped = stopped };
        await _nats.PublishAsync(GenerationSubjects.Done(a.RunId, a.Index), JsonSerializer.SerializeToUtf8Bytes(done, GenerationJsonContext.Default.GeneratorDone));
        _stoppers.TryRemove(a.RunId, out _);
        _runs.TryRemove(a.RunId, out _);
    }

    private static async Task WatchStopAsync(INatsSub<byte[]> subscription, Action onStop)
    {
        await using var _ = subscription;
        await foreach (var __ in subscription.Msgs.ReadAllAsync())
        {
            onStop();
            break;
        }
    }

    /// <summary>Stops the run when the coordinator lets its lease lapse (it was killed, or lost its NATS connection for good).</summary>
    private async Task WatchLeaseAsync(INatsSub<byte[]> subscription, TimeSpan lease, string runId, CancellationTokenSource run)
    {
        await using var _ = subscription;
        while (!run.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
            wait.CancelAfter(lease);
            try
            {
                if (!await subscription.Msgs.WaitToReadAsync(wait.Token))
                {
                    return;
                }

                while (subscription.Msgs.TryRead(out var _))
                {
                    // Renewed.
                }
            }
            catch (OperationCanceledException) when (!run.IsCancellationRequested)
            {
                GenerationLog.LeaseLapsed(_logger, runId, lease.TotalSeconds);
                await run.CancelAsync();
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static AdHocLoadOptions OptionsOf(GeneratorAssignment a) => new(new Uri(a.Url))
    {
        Schedule = a.Schedule?.ToSchedule().Schedule,
        Payloads = a.Payloads is { } payloads ? [.. payloads.Select(p => p.ToPayload())] : null,
        Connections = a.Connections,
        Rate = a.Rate,
        Duration = TimeSpan.FromSeconds(a.DurationSeconds),
        Method = a.Method,
        Body = a.Body is null ? null : new Payload(a.Body, a.ContentType),
        Timeout = TimeSpan.FromSeconds(a.TimeoutSeconds),
        Client = a.Client switch { "socket" => LoadClient.Socket, "httpclient" => LoadClient.HttpClient, _ => null },
        Share = new LoadShare(a.Generators, a.Index),
    };

    private static string? Check(GeneratorAssignment a) =>
        new LoadShare(a.Generators, a.Index).Check()
        ?? (!Uri.TryCreate(a.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") ? $"'{a.Url}' is not an http:// or https:// URL"
        : a.Schedule?.ToSchedule().Error is { } schedule ? schedule
        : a.Schedule is null && a.Connections < a.Generators ? $"{a.Connections} connections cannot be shared by {a.Generators} generators"
        : a.DurationSeconds <= 0 || a.TimeoutSeconds <= 0 ? "the duration and timeout must be above 0"
        : a.Rate is <= 0 ? "the rate must be above 0"
        : null);

    private static GeneratorAssignment? Read(byte[] data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, GenerationJsonContext.Default.GeneratorAssignment);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The subscription's messages until the service stops (then the sequence just ends).</summary>
    private async IAsyncEnumerable<NatsMsg<byte[]>> Messages(INatsSub<byte[]> subscription)
    {
        while (true)
        {
            NatsMsg<byte[]> message;
            try
            {
                if (!await subscription.Msgs.WaitToReadAsync(_stop.Token))
                {
                    yield break;
                }

                if (!subscription.Msgs.TryRead(out message))
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                yield break;
            }

            yield return message;
        }
    }

    private async Task ReplyAsync(NatsMsg<byte[]> request, byte[] reply)
    {
        try
        {
            await request.ReplyAsync(reply, cancellationToken: _stop.Token);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            GenerationLog.ReplyFailed(_logger, e);
        }
    }

    /// <summary>Encodes each collected second in order, with this agent's CPU over it (the engine's collector calls it on one thread).</summary>
    private sealed class Sink(ChannelWriter<(byte[] Bytes, NatsHeaders Cpu)> writer, ProcessCpu cpu) : IProgress<SecondBucket>
    {
        public void Report(SecondBucket value) =>
            writer.TryWrite((SecondBucketCodec.Encode(value), GeneratorCpuHeaders.For(cpu.Read(), ProcessCpu.Cores)));
    }
}
