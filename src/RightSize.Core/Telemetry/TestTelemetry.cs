using System.Diagnostics;
using RightSize.Load;
using RightSize.Windows;

namespace RightSize.Telemetry;

/// <summary>
/// One test's instruments and trace: fed from each collected second, so nothing is recorded per request. Public for
/// <c>rightsize load --metrics</c>, which feeds the same instruments to measure what they cost.
/// </summary>
public sealed class TestTelemetry : IDisposable
{
    private readonly TagList _tags;
    private readonly Activity? _activity;
    private bool _running;

    public TestTelemetry(string jobName, string endpointName, string? instanceType)
    {
        _tags = new TagList { { "rightsize.job", jobName }, { "rightsize.endpoint", endpointName } };
        _activity = RightSizeTelemetry.ActivitySource.StartActivity("test");
        _activity?.SetTag("rightsize.job", jobName);
        _activity?.SetTag("rightsize.endpoint", endpointName);
        _activity?.SetTag("rightsize.instance_type", instanceType);
    }

    /// <summary>The test's load began: it counts as running until <see cref="Finish"/>.</summary>
    public void LoadStarted()
    {
        _running = true;
        RightSizeTelemetry.RunningTests.Add(1, _tags);
        _activity?.AddEvent(new ActivityEvent("load started"));
    }

    public void Event(string name) => _activity?.AddEvent(new ActivityEvent(name));

    public void Record(SecondBucket second, WindowStats window)
    {
        Record(second);
        if (!double.IsNaN(window.CpuUtilization))
        {
            RightSizeTelemetry.EndpointCpu.Record(window.CpuUtilization, _tags);
        }

        if (!double.IsNaN(window.MemoryUtilization))
        {
            RightSizeTelemetry.EndpointMemory.Record(window.MemoryUtilization, _tags);
        }
    }

    /// <summary>A second's invocations, errors by class, users and latencies.</summary>
    public void Record(SecondBucket second)
    {
        ArgumentNullException.ThrowIfNull(second);
        RightSizeTelemetry.Invocations.Add(second.Invocations, _tags);
        AddErrors(second.ClientErrors, "client_error");
        AddErrors(second.ServerErrors, "server_error");
        AddErrors(second.Timeouts, "timeout");
        AddErrors(second.ConnectionErrors, "connection_error");
        RightSizeTelemetry.Users.Record(second.Users, _tags);
        if (RightSizeTelemetry.Latency.Enabled)
        {
            // Each latency bucket's midpoint once per invocation in it: a second's worth at a time, off the load path.
            foreach (var (nanoseconds, count) in second.Latency.Buckets())
            {
                var milliseconds = nanoseconds / 1e6;
                for (var i = 0L; i < count; i++)
                {
                    RightSizeTelemetry.Latency.Record(milliseconds, _tags);
                }
            }
        }
    }

    /// <summary>The test ended with <paramref name="status"/>; a failure reason marks its trace as an error.</summary>
    public void Finish(string status, string? stopReason, string? failureReason)
    {
        if (_running)
        {
            _running = false;
            RightSizeTelemetry.RunningTests.Add(-1, _tags);
            RightSizeTelemetry.Users.Record(0, _tags);
        }

        var tags = _tags;
        tags.Add("rightsize.status", status);
        RightSizeTelemetry.Tests.Add(1, tags);
        _activity?.SetTag("rightsize.status", status);
        _activity?.SetTag("rightsize.stop_reason", stopReason);
        if (failureReason is not null)
        {
            _activity?.SetStatus(ActivityStatusCode.Error, failureReason);
        }
    }

    public void Dispose() => _activity?.Dispose();

    private void AddErrors(long count, string errorType)
    {
        if (count > 0)
        {
            var tags = _tags;
            tags.Add("error.type", errorType);
            RightSizeTelemetry.Errors.Add(count, tags);
        }
    }
}
