namespace RightSize.Autoscaling;

/// <summary>
/// The local instances of the validation run: follows the autoscaler's desired count by starting instances (added to
/// the balancer once healthy) and stopping the newest ones (out of rotation first, stopped once drained). Disposing
/// stops every instance it started.
/// </summary>
internal sealed class InstancePool(ModelInstances model, RoundRobinBalancer balancer, TimeProvider time) : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private int _desired;

    public int Started { get; private set; }

    /// <summary>Why the last instance failed to start, if one did.</summary>
    public string? StartFailure { get; private set; }

    public int Desired
    {
        get => Volatile.Read(ref _desired);
        set => Volatile.Write(ref _desired, value);
    }

    /// <summary>Starts or stops one instance at a time until the count in rotation is the desired one; runs until cancelled.</summary>
    public async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var inService = balancer.Rotation.Count;
            if (inService < Desired && StartFailure is null)
            {
                await StartOneAsync(cancellationToken);
            }
            else if (inService > Desired)
            {
                await StopAsync(balancer.RemoveNewest());
            }
            else
            {
                await Task.Delay(Poll, time, cancellationToken);
            }
        }
    }

    /// <summary>Starts one instance and puts it in rotation; false (with <see cref="StartFailure"/>) when it would not start.</summary>
    public async Task<bool> StartOneAsync(CancellationToken cancellationToken)
    {
        var started = await model.StartAsync($"simulate-{Started + 1}", _http, time, cancellationToken);
        if (started.Endpoint is not { } endpoint)
        {
            StartFailure = started.FailureReason;
            return false;
        }

        Started++;
        balancer.Add(new BalancedInstance(endpoint));
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        while (balancer.RemoveNewest() is { } instance)
        {
            await StopAsync(instance);
        }

        _http.Dispose();
    }

    private async Task StopAsync(BalancedInstance? instance)
    {
        if (instance is null)
        {
            return;
        }

        // Out of rotation already; requests it is serving finish first, as a load balancer deregisters with draining.
        var deadline = time.GetTimestamp();
        while (instance.InFlight > 0 && time.GetElapsedTime(deadline) < DrainLimit)
        {
            await Task.Delay(Poll, time, CancellationToken.None);
        }

        await instance.Endpoint.DisposeAsync();
    }
}
