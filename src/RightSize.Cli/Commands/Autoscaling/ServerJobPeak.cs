using RightSize.Autoscaling;
using RightSize.Jobs;
using RightSize.Server.ReadApi;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>
/// MAX_RPS from a job of a running <c>rightsize serve</c>, read as a SageMaker user reads it: DescribeInferenceRecommendationsJob
/// through the SageMaker API, then the recommendation's test and its peak window from the read API the dashboard uses.
/// </summary>
internal static class ServerJobPeak
{
    public sealed record Reading(JobOutputPeak.Peak Peak, PeakStep? PeakWindow);

    public static async Task<Result<Reading>> ReadAsync(ServerClient server, string jobName, string? recommendationId, CancellationToken cancellationToken)
    {
        var describe = await server.CallAsync(
            "DescribeInferenceRecommendationsJob", new DescribeInferenceRecommendationsJobRequest { JobName = jobName },
            SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobRequest, SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse, cancellationToken);
        if (!describe.Succeeded)
        {
            return Result<Reading>.Failure(describe.Errors);
        }

        var peak = JobOutputPeak.Choose(describe.Value, recommendationId, "--job");
        if (!peak.Succeeded)
        {
            return Result<Reading>.Failure(peak.Errors);
        }

        var path = $"/api/jobs/{Uri.EscapeDataString(jobName)}/tests";
        var tests = await server.GetAsync(path, ReadApiJsonContext.Default.ListTestView, cancellationToken);
        if (!tests.Succeeded)
        {
            return Result<Reading>.Failure(tests.Errors);
        }

        // A store written before the peak window was kept (or a test without one) still gives MAX_RPS, without the window.
        if (tests.Value.FirstOrDefault(t => t.EndpointName == peak.Value.EndpointName) is not { PeakWindowEndSecond: { } end } test)
        {
            return Result<Reading>.Success(new Reading(peak.Value, null));
        }

        var windows = await server.GetAsync($"{path}/{test.TestIndex}/windows", ReadApiJsonContext.Default.ListWindowView, cancellationToken);
        if (!windows.Succeeded)
        {
            return Result<Reading>.Failure(windows.Errors);
        }

        var window = windows.Value.FirstOrDefault(w => w.EndSecond == end);
        return Result<Reading>.Success(new Reading(peak.Value, window is null ? null : Step(window)));
    }

    private static PeakStep Step(WindowView w)
    {
        var failures = w.ClientErrors + w.ServerErrors + w.Timeouts + w.ConnectionErrors;
        var rps = w.LengthSeconds == 0 ? 0 : (double)w.Invocations / w.LengthSeconds;
        var success = w.Invocations == 0 ? 0 : 1 - ((double)failures / w.Invocations);
        return new PeakStep(w.Users, rps, success, w.P50Ms, w.P95Ms, w.P99Ms) { Invocations = w.Invocations };
    }
}
