namespace RightSize.Autoscaling;

/// <summary>
/// A target-tracking policy on InvocationsPerInstance, as Application Auto Scaling runs it: above the target it scales
/// out at once to ceil(current x metric / target) (then not again within the scale-out cooldown); it scales in to the
/// same formula only when the metric has stayed more than the margin below the target for the scale-in period, and
/// not within the scale-in cooldown of the previous scale-in. Capacity stays within min and max.
/// </summary>
public sealed class TargetTrackingAutoscaler
{
    private readonly AutoscalerOptions _options;
    private readonly TimeProvider _time;
    private long? _lastScaleOut;
    private long? _lastScaleIn;
    private long? _lowSince;

    public TargetTrackingAutoscaler(AutoscalerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.TargetValue);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MinInstances);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInstances, options.MinInstances);
        _options = options;
        _time = time;
        Desired = options.MinInstances;
    }

    /// <summary>The capacity the policy wants now; starts at the minimum.</summary>
    public int Desired { get; private set; }

    /// <summary>Evaluates one metric datapoint: invocations per instance per minute over the last metric period.</summary>
    public ScalingDecision Evaluate(double invocationsPerInstance)
    {
        var now = _time.GetTimestamp();
        var current = Desired;
        var wanted = Math.Clamp(
            (int)Math.Min(int.MaxValue, Math.Ceiling(current * invocationsPerInstance / _options.TargetValue)),
            _options.MinInstances,
            _options.MaxInstances);
        if (invocationsPerInstance > _options.TargetValue)
        {
            _lowSince = null;
            if (wanted <= current)
            {
                return Hold(current, "above target, at the maximum capacity");
            }

            if (Within(_lastScaleOut, _options.ScaleOutCooldown, now))
            {
                return Hold(current, "above target, in the scale-out cooldown");
            }

            _lastScaleOut = now;
            return Change(current, wanted, "above target: scale out");
        }

        if (invocationsPerInstance >= _options.TargetValue * (1 - _options.ScaleInMargin))
        {
            _lowSince = null;
            return Hold(current, "near target");
        }

        _lowSince ??= now;
        if (wanted >= current)
        {
            return Hold(current, current == _options.MinInstances ? "below target, at the minimum capacity" : "below target, but fewer instances would exceed it");
        }

        if (_time.GetElapsedTime(_lowSince.Value, now) < _options.ScaleInPeriod)
        {
            return Hold(current, "below target, not yet for the whole scale-in period");
        }

        if (Within(_lastScaleIn, _options.ScaleInCooldown, now))
        {
            return Hold(current, "below target, in the scale-in cooldown");
        }

        _lastScaleIn = now;
        return Change(current, wanted, "sustained below target: scale in");
    }

    private bool Within(long? since, TimeSpan period, long now) => since is { } t && _time.GetElapsedTime(t, now) < period;

    private static ScalingDecision Hold(int current, string reason) => new(current, current, reason);

    private ScalingDecision Change(int current, int wanted, string reason)
    {
        Desired = wanted;
        return new ScalingDecision(current, wanted, reason);
    }
}

/// <summary>A target-tracking policy's settings, in the (possibly time-scaled) clock the autoscaler runs on.</summary>
/// <param name="TargetValue">Invocations per instance per minute.</param>
public sealed record AutoscalerOptions(double TargetValue)
{
    public int MinInstances { get; init; } = 1;

    public int MaxInstances { get; init; } = 4;

    public TimeSpan ScaleOutCooldown { get; init; } = TimeSpan.FromSeconds(300);

    public TimeSpan ScaleInCooldown { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How long the metric must stay low before a scale-in.</summary>
    public TimeSpan ScaleInPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far below the target, as a fraction of it, counts as low (10%).</summary>
    public double ScaleInMargin { get; init; } = 0.10;
}

/// <summary>One evaluation: the capacity before and after (equal when held) and why.</summary>
public sealed record ScalingDecision(int From, int To, string Reason)
{
    public bool Changed => From != To;
}
