using System.Diagnostics;
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
    private readonly List<string> _warnings = [];
    private readonly string? _pidFile;
    private ProcessTree.Usage _lastUsage;
    private long _lastSample;
    private bool _ready;
    private int _disposed;

    private LocalProcessEndpoint(Process process, EndpointRequest request, LocalProcessOptions options, TimeProvider time)
    {
        _process = process;
        _request = request;
        _time = time;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _pidFile = LocalProcessReaper.Register(options.StateDirectory, process.Id);
        ApplyCpuAffinity();
        _lastSample = time.GetTimestamp();
    }

    public Uri InvocationsUrl { get; private set; } = new("http://127.0.0.1/invocations");

    public TimeSpan ModelSetupTime { get; private set; }

    public IReadOnlyList<string> Warnings => _warnings;

    public bool HasExited => _process.HasExited;

    public string? FailureReason =>
        _ready && _process.HasExited ? Describe($"endpoint {_request.EndpointName} exited during the test") : null;

    public static LocalProcessEndpoint Start(ProcessStartInfo info, EndpointRequest request, LocalProcessOptions options, TimeProvider time)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        return new LocalProcessEndpoint(process, request, options, time);
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

    public ResourceSample SampleResources()
    {
        var now = _time.GetTimestamp();
        var usage = SafeMeasure();
        var wall = _time.GetElapsedTime(_lastSample, now).TotalSeconds;
        var cpu = wall <= 0 ? double.NaN : Math.Max(0, usage.CpuSeconds - _lastUsage.CpuSeconds) / wall * 100;
        var memory = _request.Resources is { MemoryGiB: > 0 } r
            ? usage.ResidentBytes / (r.MemoryGiB * 1024 * 1024 * 1024) * 100
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

        return tail.Length == 0
            ? $"{what}{exit}; it logged nothing"
            : $"{what}{exit}; last lines of its log:\n  " + string.Join("\n  ", tail.TakeLast(10));
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
            LocalProcessReaper.Unregister(_pidFile);
            _process.Dispose();
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

    // Until cgroup limits exist, a CPU budget below the host's is approximated by pinning to that many cores (the
    // highest-numbered, leaving core 0 to the load generator); memory is not limited.
    private void ApplyCpuAffinity()
    {
        if (_request.Resources is not { } resources)
        {
            return;
        }

        var cores = Environment.ProcessorCount;
        var wanted = Math.Max(1, (int)Math.Ceiling(resources.VCpus));
        if (wanted < cores && cores <= 64 && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            long mask = 0;
            for (var c = cores - wanted; c < cores; c++)
            {
                mask |= 1L << c;
            }

            _process.ProcessorAffinity = (nint)mask;
            _warnings.Add($"CPU limited by affinity to {wanted} of {cores} cores; memory not limited (no cgroup limits)");
        }
        else
        {
            _warnings.Add($"limits not enforced: the type asks for {resources.VCpus} vCPUs and {resources.MemoryGiB} GiB; the host has {cores} cores");
        }
    }

    private ProcessTree.Usage SafeMeasure()
    {
        try
        {
            return ProcessTree.Measure(_process.Id);
        }
        catch (InvalidOperationException)
        {
            return _lastUsage;
        }
    }
}
