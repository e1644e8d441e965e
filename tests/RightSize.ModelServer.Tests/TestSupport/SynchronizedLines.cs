using System.Text;

namespace RightSize.ModelServer.Tests.TestSupport;

/// <summary>A TextWriter that collects lines written from any thread and lets a test wait for the first one.</summary>
internal sealed class SynchronizedLines : TextWriter
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _current = new();
    private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_lock)
        {
            if (value != '\n')
            {
                _current.Append(value);
                return;
            }

            _lines.Add(_current.ToString().TrimEnd('\r'));
            _current.Clear();
            _first.TrySetResult(_lines[0]);
        }
    }

    public Task<string> WaitForLineAsync(TimeSpan timeout) => _first.Task.WaitAsync(timeout);
}
