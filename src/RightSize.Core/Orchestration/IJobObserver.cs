using RightSize.Windows;

namespace RightSize.Orchestration;

/// <summary>
/// Hears what happens in a job: the CLI's live view, the server's store. Called on the runner's threads, under the
/// job's lock, so implementations must be quick and must not call back into the runner.
/// </summary>
public interface IJobObserver
{
    void JobChanged(JobRecord job);

    void TestChanged(JobRecord job, TestRecord test);

    void WindowAdded(JobRecord job, TestRecord test, WindowStats window);
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullJobObserver : IJobObserver
{
    public static NullJobObserver Instance { get; } = new();

    public void JobChanged(JobRecord job)
    {
    }

    public void TestChanged(JobRecord job, TestRecord test)
    {
    }

    public void WindowAdded(JobRecord job, TestRecord test, WindowStats window)
    {
    }
}
