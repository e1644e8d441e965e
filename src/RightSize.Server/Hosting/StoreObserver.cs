using RightSize.Orchestration;
using RightSize.Windows;

namespace RightSize.Server.Hosting;

/// <summary>Persists a running job: snapshots are taken under the job's lock and written later by the <see cref="StoreWriter"/>.</summary>
internal sealed class StoreObserver : IJobObserver
{
    private readonly StoreWriter _writer;

    public StoreObserver(StoreWriter writer) => _writer = writer;

    public void JobChanged(JobRecord job) => _writer.Enqueue(JobSnapshots.Job(job));

    public void TestChanged(JobRecord job, TestRecord test)
    {
        _writer.Enqueue(JobSnapshots.Test(job, test));
        // A finished test changes the job's recommendations and LastModifiedTime.
        _writer.Enqueue(JobSnapshots.Job(job));
    }

    public void WindowAdded(JobRecord job, TestRecord test, WindowStats window) => _writer.Enqueue(JobSnapshots.Window(job, test, window));
}
