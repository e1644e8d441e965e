using RightSize.Server.Storage;

namespace RightSize.Server.Hosting;

/// <summary>
/// What the <see cref="StoreWriter"/> has taken but not yet written: the newest row of each job and test, every window,
/// and the flushes waiting for them. Kept until a write succeeds, so a store that fails loses nothing. Thread-safe: the
/// writer fills and empties it, the API reads how much waits.
/// </summary>
internal sealed class StoreBacklog
{
    private readonly Dictionary<string, StoredJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, int), StoredTest> _tests = [];
    private readonly List<StoredWindow> _windows = [];
    private readonly List<TaskCompletionSource> _flushes = [];

    /// <summary>When the store started failing and its last error; null while writes succeed.</summary>
    public (DateTimeOffset Since, string Error)? Failure { get; private set; }

    public void Add(StoreWrite item)
    {
        lock (_windows)
        {
            if (item.Job is { } job)
            {
                _jobs[job.JobName] = job;
            }
            else if (item.Test is { } test)
            {
                _tests[(test.JobName, test.TestIndex)] = test;
            }
            else if (item.Window is { } window)
            {
                _windows.Add(window);
            }
            else if (item.Flush is { } flushed)
            {
                _flushes.Add(flushed);
            }
        }
    }

    /// <summary>Job, test and window rows held, not yet written.</summary>
    public int Rows
    {
        get
        {
            lock (_windows)
            {
                return _jobs.Count + _tests.Count + _windows.Count;
            }
        }
    }

    /// <summary>Everything held now, to write as one batch.</summary>
    public Batch Take()
    {
        lock (_windows)
        {
            return new Batch([.. _jobs.Values], [.. _tests.Values], [.. _windows], _flushes.Count);
        }
    }

    /// <summary>Forgets what <paramref name="written"/> held (rows added since stay) and completes the flushes it covered.</summary>
    public void Written(Batch written)
    {
        lock (_windows)
        {
            foreach (var job in written.Jobs.Where(j => ReferenceEquals(_jobs.GetValueOrDefault(j.JobName), j)))
            {
                _jobs.Remove(job.JobName);
            }

            foreach (var test in written.Tests.Where(t => ReferenceEquals(_tests.GetValueOrDefault((t.JobName, t.TestIndex)), t)))
            {
                _tests.Remove((test.JobName, test.TestIndex));
            }

            _windows.RemoveRange(0, written.Windows.Length);
            Failure = null;
            CompleteFlushes(written.Flushes);
        }
    }

    public void Failed(DateTimeOffset now, Exception error)
    {
        lock (_windows)
        {
            Failure = (Failure?.Since ?? now, error.Message);
        }
    }

    /// <summary>Gives up on everything held (the server stops while the store is down); returns what was lost.</summary>
    public (int Jobs, int Tests, int Windows) Abandon()
    {
        lock (_windows)
        {
            var lost = (_jobs.Count, _tests.Count, _windows.Count);
            _jobs.Clear();
            _tests.Clear();
            _windows.Clear();
            CompleteFlushes(_flushes.Count);
            return lost;
        }
    }

    /// <summary>Says why some of the job's results are not in the store yet, or null when none wait.</summary>
    public string? Unsaved(string jobName)
    {
        lock (_windows)
        {
            if (Failure is not { } failure)
            {
                return null;
            }

            var windows = _windows.Count(w => w.JobName == jobName);
            var rows = (_jobs.ContainsKey(jobName) ? 1 : 0) + _tests.Keys.Count(k => k.Item1 == jobName);
            return windows + rows == 0 ? null
                : $"{windows} windows and {rows} job/test rows wait for the store, which fails since {failure.Since:O} "
                    + $"({failure.Error}); they are kept and retried with backoff";
        }
    }

    // A flush waits for everything added before it, which the batch that counted it held.
    private void CompleteFlushes(int count)
    {
        foreach (var flushed in _flushes.Take(count))
        {
            flushed.TrySetResult();
        }

        _flushes.RemoveRange(0, count);
    }

    /// <summary>One write: the newest job and test rows, the windows in order, and how many waiting flushes it covers.</summary>
    public sealed record Batch(StoredJob[] Jobs, StoredTest[] Tests, StoredWindow[] Windows, int Flushes);
}
