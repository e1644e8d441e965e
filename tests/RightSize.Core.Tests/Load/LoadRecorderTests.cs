using Microsoft.Extensions.Time.Testing;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Load;

namespace RightSize.Core.Tests.Load;

public sealed class LoadRecorderTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Seconds_are_collected_in_order_once_over_with_their_outcomes()
    {
        var recorder = new LoadRecorder(_time);
        RecordAt(recorder, 0.1, 0.05, InvocationOutcome.Success);
        RecordAt(recorder, 0.9, 0.01, InvocationOutcome.Success);
        RecordAt(recorder, 0.95, 0.01, InvocationOutcome.ServerError);

        // Second 0 is handed out only after its end plus a grace for writers that read the clock just before it.
        Assert.Null(recorder.TryCollect(0));
        _time.Advance(TimeSpan.FromSeconds(1.1) - (_time.GetUtcNow() - _time.Start));
        Assert.Null(recorder.TryCollect(0));
        _time.Advance(TimeSpan.FromSeconds(0.15));
        var first = recorder.TryCollect(0);
        Assert.NotNull(first);
        Assert.Equal(0, first.Second);
        Assert.Equal(2, first.Success);
        Assert.Equal(1, first.ServerErrors);
        Assert.Equal(3, first.Invocations);
        Assert.Equal(2, first.Latency.TotalCount);
        Assert.Equal(50_000_000, first.Latency.Max);
        Assert.Null(recorder.TryCollect(1));

        RecordAt(recorder, 1.5, 0.02, InvocationOutcome.ClientError);
        RecordAt(recorder, 1.6, 0.02, InvocationOutcome.Timeout);
        RecordAt(recorder, 1.7, 0.02, InvocationOutcome.ConnectionError);
        _time.Advance(TimeSpan.FromSeconds(0.6));
        var second = recorder.TryCollect(1)!;
        Assert.Equal((0, 1, 1, 1, 3), (second.Success, second.ClientErrors, second.Timeouts, second.ConnectionErrors, second.Failures));
        Assert.Equal(0, second.Latency.TotalCount);
        Assert.Equal(0, recorder.Dropped);
    }

    [Fact]
    public void Collecting_out_of_order_or_twice_is_an_error()
    {
        var recorder = new LoadRecorder(_time);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.NotNull(recorder.TryCollect(0));
        Assert.Throws<InvalidOperationException>(() => recorder.TryCollect(0));
        Assert.NotNull(recorder.TryCollect(1));
    }

    [Fact]
    public void Invocations_more_than_the_ring_behind_the_consumer_are_dropped_and_counted()
    {
        var recorder = new LoadRecorder(_time);
        _time.Advance(TimeSpan.FromSeconds(20.5));
        // Second 20 shares its slot with second 4, which nobody collected.
        recorder.Record(_time.GetTimestamp() - 1000, _time.GetTimestamp(), InvocationOutcome.Success);
        // An end before the start cannot be placed either.
        recorder.Record(recorder.StartTimestamp - 20_000_000, recorder.StartTimestamp - 10_000_000, InvocationOutcome.Success);

        Assert.Equal(2, recorder.Dropped);
        for (var s = 0; s < 16; s++)
        {
            Assert.Equal(0, recorder.TryCollect(s)!.Invocations);
        }
    }

    [Fact]
    public void Each_second_reports_the_users_running_at_its_end()
    {
        var recorder = new LoadRecorder(_time);
        recorder.Users = 1;
        _time.Advance(TimeSpan.FromSeconds(1));
        recorder.Users = 2; // exactly on the boundary: belongs to second 1
        _time.Advance(TimeSpan.FromSeconds(0.5));
        recorder.Users = 5;
        _time.Advance(TimeSpan.FromSeconds(0.2));
        recorder.Users = 3;
        _time.Advance(TimeSpan.FromSeconds(3));
        recorder.Users = 0;

        Assert.Equal([1, 3, 3, 3], Enumerable.Range(0, 4).Select(s => recorder.TryCollect(s)!.Users));
        Assert.Equal(0, recorder.Collect(4).Users);
        Assert.Equal(0, recorder.Users);
    }

    [Fact]
    public void Each_second_holds_its_users_integrated_over_time()
    {
        var recorder = new LoadRecorder(_time);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        recorder.Users = 2; // half of second 0
        _time.Advance(TimeSpan.FromSeconds(1));
        recorder.Users = 5; // second 1: 2 for 0.5 s, 5 for 0.2 s, 3 for 0.3 s
        _time.Advance(TimeSpan.FromSeconds(0.2));
        recorder.Users = 3;
        _time.Advance(TimeSpan.FromSeconds(1.6));
        recorder.Users = 0; // second 3: 3 for 0.3 s

        double[] userSeconds = [.. Enumerable.Range(0, 3).Select(s => recorder.TryCollect(s)!.UserSeconds), recorder.Collect(3).UserSeconds];

        Assert.Equal([1.0, 2.9, 3.0, 0.9], userSeconds.Select(u => Math.Round(u, 9)));
    }

    [Fact]
    public void Collect_takes_a_second_without_waiting_for_its_end()
    {
        var recorder = new LoadRecorder(_time);
        RecordAt(recorder, 0.2, 0.1, InvocationOutcome.Success);

        Assert.Null(recorder.TryCollect(0));
        Assert.Equal(1, recorder.Collect(0).Success);
    }

    [Fact]
    public void Recording_from_many_threads_loses_nothing()
    {
        var recorder = new LoadRecorder(_time);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        var end = _time.GetTimestamp();
        Parallel.For(0, 100_000, i => recorder.Record(end - (i % 1000) - 1, end, (InvocationOutcome)(i % 5)));
        _time.Advance(TimeSpan.FromSeconds(1));

        var bucket = recorder.TryCollect(0)!;
        Assert.Equal(100_000, bucket.Invocations);
        Assert.Equal(20_000, bucket.Success);
        Assert.Equal(20_000, bucket.Timeouts);
        Assert.Equal(20_000, bucket.Latency.TotalCount);
    }

    private void RecordAt(LoadRecorder recorder, double endSeconds, double latencySeconds, InvocationOutcome outcome)
    {
        _time.Advance(TimeSpan.FromSeconds(endSeconds) - (_time.GetUtcNow() - _time.Start));
        recorder.Record(_time.GetTimestamp() - TimeSpan.FromSeconds(latencySeconds).Ticks, _time.GetTimestamp(), outcome);
    }
}
