using RightSize.Traffic;

namespace RightSize.Load;

/// <summary>
/// SageMaker's load model: virtual users, each invoking in a loop with no think time, their number following a
/// traffic schedule. Users are async loops, not threads, so 10,000 of them cost memory, not cores.
/// </summary>
/// <remarks>
/// The schedule's time zero is the recorder's <see cref="LoadRecorder.StartTimestamp"/>, so collected seconds line up
/// with schedule steps. <see cref="LoadRecorder.Users"/> is the number of users the schedule has running; a user told
/// to stop finishes its in-flight request (recorded) and sends no other.
/// </remarks>
public sealed class ClosedLoopEngine(IInvokerFactory invokers, IPayloadSource payloads, LoadRecorder recorder)
{
    /// <summary>
    /// Runs the schedule to its end, or until <paramref name="cancellationToken"/> is cancelled: then in-flight requests
    /// are aborted and the method returns normally once every user has ended (check the token to tell the two apart).
    /// </summary>
    public Task RunAsync(ITrafficSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // On the thread pool: a caller's synchronization context (a UI, a test runner) must not pace the load.
        return Task.Run(() => RunCoreAsync(schedule, cancellationToken), CancellationToken.None);
    }

    private async Task RunCoreAsync(ITrafficSchedule schedule, CancellationToken cancellationToken)
    {
        using var scope = new RunScope(cancellationToken);
        var running = new List<User>();
        var stopping = new List<Task>();
        var time = recorder.TimeProvider;
        try
        {
            while (!scope.Token.IsCancellationRequested)
            {
                var elapsed = recorder.Elapsed;
                SetUsers(schedule.UsersAt(elapsed), running, stopping, scope);
                if (schedule.NextChangeAfter(elapsed) is not { } next)
                {
                    break;
                }

                if (next > elapsed)
                {
                    await Task.Delay(next - elapsed, time, scope.Token);
                }
            }
        }
        catch (OperationCanceledException) when (scope.Token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Users started so far must still be stopped and awaited before the failure is reported.
            await scope.FaultAsync(e);
        }

        SetUsers(0, running, stopping, scope);
        await Task.WhenAll(stopping);
        // The last user may end on an HTTP client's loop thread; the caller's code must not continue there.
        await Task.Yield();
        scope.ThrowIfFaulted();
    }

    private void SetUsers(int target, List<User> running, List<Task> stopping, RunScope scope)
    {
        while (running.Count < target)
        {
            // The invoker is made here, not in the user's task, so invokers are created in the order users start.
            var user = new User(invokers.CreateInvoker());
            user.Task = Task.Run(() => RunUserAsync(user, scope));
            running.Add(user);
        }

        while (running.Count > target)
        {
            // The most recently started users stop first, as Locust and SageMaker scale down.
            var user = running[^1];
            running.RemoveAt(running.Count - 1);
            user.Stopping = true;
            stopping.Add(user.Task);
        }

        stopping.RemoveAll(static t => t.IsCompletedSuccessfully);
        recorder.Users = running.Count;
    }

    private async Task RunUserAsync(User user, RunScope scope)
    {
        var time = recorder.TimeProvider;
        await using var invoker = user.Invoker;
        while (!user.Stopping && await scope.InvokeAsync(invoker, payloads.Next(), time.GetTimestamp(), recorder))
        {
        }
    }

    private sealed class User(IInvoker invoker)
    {
        private volatile bool _stopping;

        public IInvoker Invoker { get; } = invoker;

        public Task Task { get; set; } = Task.CompletedTask;

        public bool Stopping
        {
            get => _stopping;
            set => _stopping = value;
        }
    }
}
