namespace RightSize.Load;

/// <summary>Takes a running load's seconds as they end.</summary>
public static class TestLoadSeconds
{
    /// <summary>
    /// Waits for <paramref name="second"/> to be over and whole, then takes it; null when <paramref name="stop"/> fires
    /// or the load fails first.
    /// </summary>
    public static async Task<SecondBucket?> CollectAsync(this ITestLoad load, int second, TimeProvider time, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(load);
        while (load.FailureReason is null)
        {
            if (load.TryCollect(second) is { } bucket)
            {
                return bucket;
            }

            // Remote seconds arrive a little after they end: past due, poll every 10 ms; before, wake at least once a
            // second, so a lost generator is seen.
            var due = TimeSpan.FromSeconds(second + 1.25) - load.Elapsed;
            try
            {
                await Task.Delay(due > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(due.Ticks, TimeSpan.TicksPerSecond)) : TimeSpan.FromMilliseconds(10), time, stop);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }
}
