using RightSize.Server.Storage;

namespace RightSize.Server.Hosting;

/// <summary>One item of the <see cref="StoreWriter"/>'s queue: exactly one of a job row, a test row, a window, or a flush.</summary>
internal readonly record struct StoreWrite
{
    private StoreWrite(StoredJob? job, StoredTest? test, StoredWindow? window, TaskCompletionSource? flush)
    {
        Job = job;
        Test = test;
        Window = window;
        Flush = flush;
    }

    public StoredJob? Job { get; }

    public StoredTest? Test { get; }

    public StoredWindow? Window { get; }

    /// <summary>Completed when everything queued before it is written.</summary>
    public TaskCompletionSource? Flush { get; }

    public static StoreWrite Of(StoredJob job) => new(job, null, null, null);

    public static StoreWrite Of(StoredTest test) => new(null, test, null, null);

    public static StoreWrite Of(StoredWindow window) => new(null, null, window, null);

    public static StoreWrite Of(TaskCompletionSource flush) => new(null, null, null, flush);
}
