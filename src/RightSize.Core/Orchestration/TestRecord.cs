using RightSize.Jobs;
using RightSize.Results;
using RightSize.Stopping;
using RightSize.Windows;

namespace RightSize.Orchestration;

/// <summary>One test's live state and, once finished, its results.</summary>
public sealed class TestRecord
{
    private readonly List<WindowStats> _windows = [];
    private readonly List<Caveat> _caveats = [];

    public TestRecord(TestPlan plan) => Plan = plan;

    public TestPlan Plan { get; }

    public RecommendationStatus Status { get; internal set; } = RecommendationStatus.Pending;

    public StopReason? StopReason { get; internal set; }

    public string? FailureReason { get; internal set; }

    public TestMetrics? Metrics { get; internal set; }

    public TimeSpan? ModelSetupTime { get; internal set; }

    public DateTimeOffset? InvocationStartTime { get; internal set; }

    public DateTimeOffset? InvocationEndTime { get; internal set; }

    /// <summary>Users running now (live view).</summary>
    public int CurrentUsers { get; internal set; }

    /// <summary>The sliding windows, one per second of the test, in order.</summary>
    public IReadOnlyList<WindowStats> Windows => _windows;

    /// <summary>What qualifies the numbers (and notes on how the test ran), each once, in the order found.</summary>
    public IReadOnlyList<Caveat> Caveats => _caveats;

    public WindowStats? LatestWindow => _windows.Count == 0 ? null : _windows[^1];

    internal void AddWindow(WindowStats window) => _windows.Add(window);

    internal void CopyFrom(TestRecord other)
    {
        Status = other.Status;
        StopReason = other.StopReason;
        FailureReason = other.FailureReason;
        Metrics = other.Metrics;
        ModelSetupTime = other.ModelSetupTime;
        InvocationStartTime = other.InvocationStartTime;
        InvocationEndTime = other.InvocationEndTime;
        _windows.AddRange(other._windows);
        _caveats.AddRange(other._caveats);
    }

    /// <summary>Forgets the windows of an attempt that will be run again (an agent was lost).</summary>
    internal void ClearWindows() => _windows.Clear();

    internal void AddCaveat(Caveat caveat)
    {
        if (!_caveats.Contains(caveat))
        {
            _caveats.Add(caveat);
        }
    }
}
