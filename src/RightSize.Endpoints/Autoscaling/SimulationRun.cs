using RightSize.Jobs;
using RightSize.Load;
using RightSize.Load.Http;

namespace RightSize.Autoscaling;

/// <summary>The validation run's settings; durations and cooldowns are in simulated time, which runs TimeScale times faster.</summary>
public sealed record SimulationSettings(double TargetValue)
{
    public int MinInstances { get; init; } = 1;
    public int MaxInstances { get; init; } = 4;
    public double TimeScale { get; init; } = 60;
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(30);
    public double? LowRps { get; init; }
    public double? PeakRps { get; init; }
    public double LatencyThresholdMs { get; init; } = 500;
    public int ScaleInCooldownSeconds { get; init; } = 300;
    public int ScaleOutCooldownSeconds { get; init; } = 300;
    public TimeSpan ScaleInPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>One metric period (a simulated minute) in real time.</summary>
    public TimeSpan Period => Real(TimeSpan.FromMinutes(1));

    /// <summary>Default low rate: a fifth of one instance's target rate.</summary>
    public double Low => LowRps ?? Math.Max(1, TargetValue / 60 * 0.2);

    /// <summary>Default peak: 80% of what the maximum capacity handles at the target, so the run scales near the maximum.</summary>
    public double Peak => PeakRps ?? TargetValue / 60 * MaxInstances * 0.8;

    public TimeSpan Real(TimeSpan simulated) => simulated / TimeScale;
}

/// <summary>
/// One validation run: the balancer, the minimum instances, open-loop rise-and-fall traffic through the balancer, and
/// each simulated minute the metric (invocations per instance per minute, from the rate over the period) fed to the
/// target-tracking autoscaler, whose desired count the instance pool follows. Every instance is stopped at the end.
/// </summary>
public sealed class SimulationRun(SimulationSettings settings, ModelInstances model, TimeProvider time)
{
    public async Task<Result<SimulationReport>> RunAsync(IProgress<SimulationMinute>? progress, CancellationToken cancellationToken)
    {
        await using var balancer = await RoundRobinBalancer.StartAsync(cancellationToken);
        await using var pool = new InstancePool(model, balancer, time);
        for (var i = 0; i < settings.MinInstances; i++)
        {
            if (!await pool.StartOneAsync(cancellationToken))
            {
                return Result<SimulationReport>.Failure("--model", $"an instance did not start: {pool.StartFailure}");
            }
        }

        var autoscaler = new TargetTrackingAutoscaler(
            new AutoscalerOptions(settings.TargetValue)
            {
                MinInstances = settings.MinInstances,
                MaxInstances = settings.MaxInstances,
                ScaleInCooldown = settings.Real(TimeSpan.FromSeconds(settings.ScaleInCooldownSeconds)),
                ScaleOutCooldown = settings.Real(TimeSpan.FromSeconds(settings.ScaleOutCooldownSeconds)),
                ScaleInPeriod = settings.Real(settings.ScaleInPeriod),
            },
            time);
        pool.Desired = autoscaler.Desired;
        var traffic = new RiseAndFallArrivals(settings.Low, settings.Peak, settings.Real(settings.Duration));
        var minutes = new List<SimulationMinute>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var invokers = Invokers.Create(balancer.InvocationsUrl, timeout: TimeSpan.FromSeconds(30));
        using var disposeInvokers = invokers as IDisposable;
        var follow = pool.FollowAsync(stop.Token);
        var load = new OpenLoopEngine(invokers, new PayloadSampler(model.Payload), new LoadRecorder(time)).RunAsync(traffic, stop.Token);
        try
        {
            var start = time.GetTimestamp();
            var count = (int)Math.Ceiling(settings.Duration.TotalMinutes);
            for (var minute = 1; minute <= count; minute++)
            {
                var wait = (settings.Period * minute) - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                var row = Evaluate(minute, balancer, autoscaler, traffic.RateAt(time.GetElapsedTime(start)));
                pool.Desired = autoscaler.Desired;
                minutes.Add(row);
                progress?.Report(row);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await load;
            await Ended(follow);
        }

        var verdict = SimulationVerdict.Of(minutes, settings.LatencyThresholdMs);
        return Result<SimulationReport>.Success(new SimulationReport
        {
            TargetValue = settings.TargetValue,
            MinInstances = settings.MinInstances,
            MaxInstances = settings.MaxInstances,
            TimeScale = settings.TimeScale,
            LowRps = settings.Low,
            PeakRps = settings.Peak,
            LatencyThresholdMs = settings.LatencyThresholdMs,
            ScaleInCooldown = settings.ScaleInCooldownSeconds,
            ScaleOutCooldown = settings.ScaleOutCooldownSeconds,
            Minutes = minutes,
            Verdict = verdict,
            Summary = verdict.Describe(settings.LatencyThresholdMs),
            InstancesStarted = pool.Started,
        });
    }

    private SimulationMinute Evaluate(int minute, RoundRobinBalancer balancer, TargetTrackingAutoscaler autoscaler, double offeredRps)
    {
        var (invocations, errors, latency) = balancer.TakePeriod();
        var perInstance = balancer.Rotation.Select(i => i.TakeInvocations()).ToList();
        var instances = perInstance.Count;
        // CloudWatch's InvocationsPerInstance: the variant's invocations over its instances, per (real-rate) minute.
        var metric = invocations / (double)Math.Max(1, instances) * (60 / settings.Period.TotalSeconds);
        var decision = autoscaler.Evaluate(metric);
        return new SimulationMinute(
            minute,
            Math.Round(offeredRps, 1),
            instances,
            autoscaler.Desired,
            Math.Round(metric, 1),
            latency.ValueAtPercentile(95) / 1e6,
            latency.ValueAtPercentile(99) / 1e6,
            invocations == 0 ? 0 : errors / (double)invocations,
            decision.Changed ? $"{decision.From} -> {decision.To}: {decision.Reason}" : decision.Reason)
        {
            InstanceInvocations = perInstance,
        };
    }

    private static async Task Ended(Task follow)
    {
        try
        {
            await follow;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
