using RightSize.Results;

namespace RightSize.Load;

/// <summary>A test's load generated in this process: the closed-loop engine and its recorder.</summary>
internal sealed class LocalTestLoad : ITestLoad
{
    private readonly LoadRecorder _recorder;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _engine;

    public LocalTestLoad(LoadRecorder recorder, Func<LoadRecorder, CancellationToken, Task> run, IReadOnlyList<Caveat> caveats)
    {
        _recorder = recorder;
        Caveats = caveats;
        _engine = run(recorder, _stop.Token);
    }

    public TimeSpan Elapsed => _recorder.Elapsed;

    public int Users => _recorder.Users;

    public IReadOnlyList<Caveat> Caveats { get; }

    public string? FailureReason => null;

    public string? LostAgent => null;

    public GeneratorCpu? RemoteGeneratorCpu(int second) => null;

    public SecondBucket? TryCollect(int second) => _recorder.TryCollect(second);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _engine;
        _stop.Dispose();
    }
}
