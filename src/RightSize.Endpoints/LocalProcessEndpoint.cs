using System.Diagnostics;
using RightSize.Endpoints.Cgroups;
using RightSize.Results;
using RightSize.Windows;

namespace RightSize.Endpoints;

/// <summary>A running local endpoint process: its log tail, its resource use, and its removal on dispose.</summary>
internal sealed class LocalProcessEndpoint : IEndpoint
{
    private const string ListeningPrefix = "Listening on ";
    private const int LogLines = 40;

    private readonly Process _process;
    private readonly EndpointRequest _request;
    private readonly TimeProvider _time;
    private readonly Queue<string> _log = new();
    private readonly TaskCompletionSource<Uri> _announced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Caveat> _caveats = [];
    private readonly string? _pidFile;
    private readonly int _logLinesInReasons;
    private readonly EndpointCgroup? _cgroup;
    private ProcessTree.Usage? _lastUsage;
    private long _lastSample;
    private bool _ready;
    private Task? _logFlushed;
    private int _disposed;

    private LocalProcessEndpoint(Process process, EndpointRequest request, LocalProcessOptions options, PreparedLimits limits, TimeProvider time)
    {
        _process = process;
        _request = request;
        _time = time;
        _cgroup = limits.Cgroup;
        _logLinesInReasons = options.LogLinesInReasons;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _pidFile = LocalProcessReaper.Register(options.StateDirectory, process.Id);
        if (limits.AffinityCores is { } cores)
        {
            ApplyCpuAffinity(cores);
        }

        if (limits.Caveat is { } caveat)
        {
            _caveats.Add(caveat);
        }

        _lastSample = time.GetTimestamp();
    }

    public Uri InvocationsUrl { get; private set; } = new("http://127.0.0.1/invocations");

    public TimeSpan? ModelSetupTime { get; private set; }

    public IReadOnlyList<Caveat> Caveats => _caveats;

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Null until the endpoint has exited and its last output has been read.</summary>
    public string? FailureReason =>
        _ready && _process.HasExited && FlushLogAsync().IsCompleted ? Describe($"endpoint {_request.EndpointName} exited during the test") : null;

    /// <summary>Once the process has exited, waits (briefly) until its last output lines have reached the log.</summary>
    public Task FlushLogAsync() => _process.HasExited ? _logFlushed ??= WaitForOutputEndAsync() : Task.CompletedTask;

    public static LocalProcessEndpoint Start(PreparedLimits limits, EndpointRequest request, LocalProcessOptions options, TimeProvider time)
    {
        Process? process = null;
        try
        {
            process = Process.Start(limits.StartInfo) ?? throw new InvalidOperationException($"could not start {limits.StartInfo.FileName}");
            return new LocalProcessEndpoint(process, request, options, limits, time);
        }
        catch
        {
            process?.Kill(entireProcessTree: true);
            process?.Dispose();
            limits.Cgroup?.Remove();
            throw;
        }
    }

    /// <summary>Waits for the model server's "Listening on URL" line; null when it exits or the deadline passes.</summary>
    public async Task<Uri?> WaitForAnnouncedUrlAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var timeout = Task.Delay(deadline, _time, cancellationToken);
        var first = await Task.WhenAny(_announced.Task, exited, timeout);
        cancellationToken.ThrowIfCancellationRequested();
        return first == _announced.Task ? await _announced.Task : null;
    }

    public void MarkReady(Uri invocationsUrl, TimeSpan setupTime)
    {
        InvocationsUrl = invocationsUrl;
        ModelSetupTime = setupTime;
        _lastUsage = SafeMeasure();
        _lastSample = _time.GetTimestamp();
        _ready = true;
    }

    /// <summary>
    /// CPU and memory as measured (CPU over the time since the last read that succeeded; never capped at the vCPUs). A
    /// read that fails is not measured (NaN, SageMaker's convention), never the previous sample.
    /// </summary>
    public ResourceSample SampleResources()
    {
        var now = _time.GetTimestamp();
        if (SafeMeasure() is not { } usage)
        {
            return ResourceSample.Unmeasured;
        }

        var wall = _time.GetElapsedTime(_lastSample, now).TotalSeconds;
        var cpu = _lastUsage is { } last && wall > 0 ? Math.Max(0, usage.CpuSeconds - last.CpuSeconds) / wall * 100 : double.NaN;
        var memory = (_request.Resources?.MemoryGiB ?? _request.MemoryReferenceGiB) is > 0 and var gib
            ? usage.ResidentBytes / (gib * 1024 * 1024 * 1024) * 100
            : double.NaN;
        _lastUsage = usage;
        _lastSample = now;
        return new ResourceSample(cpu, memory);
    }

    /// <summary>The message with the exit code (if exited) and the last lines of the endpoint's log.</summary>
    public string Describe(string what)
    {
        var exit = _process.HasExited ? $" (exit code {_process.ExitCode})" : string.Empty;
        string[] tail;
        lock (_log)
        {
            tail = [.. _log];
        }

        return tail.Length == 0 ? $"{what}{exit}; it logged nothing"
            : _logLinesInReasons <= 0 ? $"{what}{exit}; {EndpointLog.Withheld}"
            : $"{what}{exit}; last lines of its log:\n  " + string.Join("\n  ", tail.TakeLast(_logLinesInReasons));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            // The cgroup goes last: it kills whatever the endpoint left running (a daemonised worker) before removal.
            _cgroup?.Remove();
            LocalProcessReaper.Unregister(_pidFile);
            _process.Dispose();
        }
    }

    private async Task WaitForOutputEndAsync()
    {
        // WaitForExitAsync returns once the redirected streams end too; a child still holding them must not block us.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Keep what was read.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > LogLines)
            {
                _log.Dequeue();
            }
        }

        if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal)
            && Uri.TryCreate(line[ListeningPrefix.Length..].Trim(), UriKind.Absolute, out var url))
        {
            _announced.TrySetResult(url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"));
        }
    }

    // The fallback where no cgroup can be made: the type's vCPUs as whole cores; memory is measured but not limited.
    private void ApplyCpuAffinity(IReadOnlyList<int> cores)
    {
        if (cores.Max() < 64 && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            _process.ProcessorAffinity = (nint)cores.Aggregate(0L, (mask, c) => mask | (1L << c));
        }
    }

    private ProcessTree.Usage? SafeMeasure()
    {
        try
        {
            if (_cgroup is not null)
            {
                var usage = _cgroup.ReadUsage();
                return new ProcessTree.Usage(usage.CpuSeconds, usage.MemoryBytes);
            }

            return ProcessTree.Measure(_process.Id);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FormatException)
        {
            return null;
        }
    }
}
