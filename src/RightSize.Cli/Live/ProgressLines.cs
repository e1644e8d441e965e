using System.Globalization;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Stopping;
using RightSize.Windows;
using Spectre.Console;

namespace RightSize.Cli.Live;

/// <summary>
/// Progress for consoles that cannot redraw (CI logs, pipes): a line when a test changes status, and one every
/// <see cref="EverySeconds"/> seconds of load with the current window.
/// </summary>
internal sealed class ProgressLines : IJobObserver
{
    private const int EverySeconds = 10;
    private readonly IAnsiConsole _console;
    private readonly Dictionary<int, RecommendationStatus> _lastStatus = [];

    public ProgressLines(IAnsiConsole console) => _console = console;

    public void JobChanged(JobRecord job)
    {
        // The final status is the summary's first line, which follows.
        if (!job.Status.IsTerminal())
        {
            _console.MarkupLine($"job [bold]{Markup.Escape(job.Plan.JobName)}[/]: {job.Status.Name()}");
        }
    }

    public void TestChanged(JobRecord job, TestRecord test)
    {
        if (_lastStatus.TryGetValue(test.Plan.Index, out var last) && last == test.Status)
        {
            return;
        }

        _lastStatus[test.Plan.Index] = test.Status;
        var detail = test.FailureReason ?? test.StopReason?.Describe();
        _console.MarkupLine(Markup.Escape($"  {test.Plan.EndpointName} ({JobTable.Configuration(test.Plan)}): {test.Status.Name()}"
            + (detail is null || test.Status == RecommendationStatus.InProgress ? string.Empty : $" - {detail}")));
    }

    public void WindowAdded(JobRecord job, TestRecord test, WindowStats window)
    {
        if (window.EndSecond % EverySeconds == 0)
        {
            _console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"  {test.Plan.EndpointName} t={window.EndSecond}s users={window.Users} inv/min={window.InvocationsPerMinute:N0} p50={window.P50Ms:0.00}ms p95={window.P95Ms:0.00}ms p99={window.P99Ms:0.00}ms errors={window.Failures}")));
        }
    }
}
