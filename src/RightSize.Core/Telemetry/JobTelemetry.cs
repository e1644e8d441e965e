using System.Diagnostics;

namespace RightSize.Telemetry;

/// <summary>A job's trace (its tests' traces are children) and its running and finished counts.</summary>
internal sealed class JobTelemetry : IDisposable
{
    private readonly Activity? _activity;

    public JobTelemetry(string jobName)
    {
        _activity = RightSizeTelemetry.ActivitySource.StartActivity("job");
        _activity?.SetTag("rightsize.job", jobName);
        RightSizeTelemetry.RunningJobs.Add(1);
    }

    public void Finish(string status, string? failureReason)
    {
        RightSizeTelemetry.Jobs.Add(1, new KeyValuePair<string, object?>("rightsize.status", status));
        _activity?.SetTag("rightsize.status", status);
        if (failureReason is not null)
        {
            _activity?.SetStatus(ActivityStatusCode.Error, failureReason);
        }
    }

    public void Dispose()
    {
        RightSizeTelemetry.RunningJobs.Add(-1);
        _activity?.Dispose();
    }
}
