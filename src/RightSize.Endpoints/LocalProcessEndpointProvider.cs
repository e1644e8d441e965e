using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RightSize.Endpoints.Cgroups;
using RightSize.Load;

namespace RightSize.Endpoints;

/// <summary>
/// Runs a model as a local child process: the reference model server for <c>builtin:xgboost</c>, <c>builtin:onnx</c>,
/// <c>builtin:synthetic</c> and <c>builtin:llm-synthetic</c>, or the command in <c>Environment["RIGHTSIZE_COMMAND"]</c> for <c>process</c>.
/// </summary>
public sealed class LocalProcessEndpointProvider : IEndpointProvider
{
    public const string BuiltinXgboost = "builtin:xgboost";
    public const string BuiltinSynthetic = "builtin:synthetic";
    public const string BuiltinOnnx = Models.BuiltInImages.Onnx;
    public const string BuiltinLlmSynthetic = Models.BuiltInImages.LlmSynthetic;
    public const string ProcessImage = "process";
    public const string CommandVariable = "RIGHTSIZE_COMMAND";

    /// <summary>The address the reference model server listens on (its --host); it defaults to 127.0.0.1.</summary>
    public const string BindHostVariable = "RIGHTSIZE_BIND_HOST";

    /// <summary>The reference LLM server's list of the inference components it hosts (docs/model-server.md).</summary>
    private const string InferenceComponentsVariable = "RIGHTSIZE_LLM_INFERENCE_COMPONENTS";

    private readonly LocalProcessOptions _options;
    private readonly HttpClient _http;
    private readonly Payload _probe;
    private readonly TimeProvider _time;
    private readonly LocalLimits _limits;
    private readonly ILogger _logger;

    public LocalProcessEndpointProvider(LocalProcessOptions options, HttpClient http, Payload probe, TimeProvider time, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _options = options;
        _limits = new LocalLimits(options.CgroupRoot);
        _http = http;
        _probe = probe;
        _time = time;
    }

    /// <summary>Instance-type requests; serverless ones go through <see cref="Serverless.ServerlessEndpointProvider"/>.</summary>
    public bool CanProvision(EndpointRequest request) =>
        request.ExistingUrl is null && request.ServerlessConfig is null && request.Model?.PrimaryContainer?.Image is BuiltinXgboost or BuiltinOnnx or BuiltinSynthetic or BuiltinLlmSynthetic or ProcessImage;

    public async Task<EndpointProvisioning> ProvisionAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        if (StartInfoFor(request) is not (var startInfo, var announcesPort))
        {
            return EndpointProvisioning.Failed(
                $"model {request.Model?.ModelName}: Image 'process' needs the command to run in PrimaryContainer.Environment[\"{CommandVariable}\"]");
        }

        var started = _time.GetTimestamp();
        var limits = _limits.Prepare(request, startInfo);
        var endpoint = LocalProcessEndpoint.Start(limits, request, _options, _time);
        EndpointsLog.ProcessStarted(_logger, request.EndpointName, request.Model?.PrimaryContainer?.Image ?? ProcessImage, endpoint.ProcessId,
            limits.Caveat?.Detail ?? "no resource limits (no instance type)");
        try
        {
            var baseUrl = announcesPort
                ? await endpoint.WaitForAnnouncedUrlAsync(request.SetupDeadline, cancellationToken)
                : new UriBuilder("http", request.BindAddress ?? "127.0.0.1", int.Parse(startInfo.Environment["SAGEMAKER_BIND_TO_PORT"]!, CultureInfo.InvariantCulture)).Uri;
            var failure = baseUrl is null
                ? (endpoint.HasExited ? "it exited before it was listening" : $"it did not report a listening address within {request.SetupDeadline.TotalSeconds:0} s")
                : await HealthCheck.WaitUntilHealthyAsync(
                    _http, baseUrl, request.SetupDeadline - _time.GetElapsedTime(started), () => endpoint.HasExited, _time, cancellationToken)
                  ?? await HealthCheck.FirstInvocationAsync(_http, new Uri(baseUrl, "invocations"), ProbeFor(request), InferenceComponentOf(request), cancellationToken);
            if (failure is not null)
            {
                await endpoint.FlushLogAsync();
                var reason = endpoint.Describe($"endpoint {request.EndpointName} did not start: {failure}");
                await endpoint.DisposeAsync();
                return EndpointProvisioning.Failed(reason);
            }

            endpoint.MarkReady(new Uri(baseUrl!, "invocations"), _time.GetElapsedTime(started));
            return EndpointProvisioning.Started(endpoint);
        }
        catch
        {
            await endpoint.DisposeAsync();
            throw;
        }
    }

    // An LLM server refuses CSV: a job whose payloads are not LLM requests (a sample folder of CSV rows) still gets a probe it accepts.
    private Payload ProbeFor(EndpointRequest request) =>
        request.Model?.PrimaryContainer?.Image == BuiltinLlmSynthetic && !_probe.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase)
            ? Workspaces.JobPayloads.LlmSyntheticProbe
            : _probe;

    // The reference LLM server hosting inference components refuses a request naming none: the probe names the first.
    private static string? InferenceComponentOf(EndpointRequest request) =>
        request.Model?.PrimaryContainer?.Image == BuiltinLlmSynthetic && request.Environment.TryGetValue(InferenceComponentsVariable, out var names)
            ? names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            : null;

    private (ProcessStartInfo StartInfo, bool AnnouncesPort)? StartInfoFor(EndpointRequest request)
    {
        var container = request.Model!.PrimaryContainer!;
        ProcessStartInfo info;
        var announcesPort = container.Image != ProcessImage;
        if (announcesPort)
        {
            info = ModelServerStartInfo(_options.ModelServerPath);
            // No diagnostic IPC socket: a killed endpoint would leave it in $TMPDIR.
            info.Environment["DOTNET_EnableDiagnostics"] = "0";
            info.ArgumentList.Add("serve");
            info.ArgumentList.Add("--port");
            info.ArgumentList.Add("0");
            if (container.Image == BuiltinSynthetic)
            {
                info.ArgumentList.Add("--synthetic");
            }
            else if (container.Image == BuiltinLlmSynthetic)
            {
                info.ArgumentList.Add("--llm-synthetic");
            }
            else
            {
                // The Image, not the file in the folder, decides how the model is served.
                info.ArgumentList.Add(container.Image == BuiltinOnnx ? "--onnx" : "--xgboost");
                if (request.ModelDirectory is not null)
                {
                    info.ArgumentList.Add("--model-dir");
                    info.ArgumentList.Add(request.ModelDirectory);
                }
            }
        }
        else
        {
            if (!request.Environment.TryGetValue(CommandVariable, out var command) || string.IsNullOrWhiteSpace(command))
            {
                return null;
            }

            info = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } };
            info.Environment["SAGEMAKER_BIND_TO_PORT"] = FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
            if (request.ModelDirectory is not null)
            {
                info.WorkingDirectory = request.ModelDirectory;
                info.Environment["RIGHTSIZE_MODEL_DIR"] = request.ModelDirectory;
            }
        }

        foreach (var (key, value) in request.Environment)
        {
            info.Environment[key] = value;
        }

        if (request.BindAddress is { } address)
        {
            // Our model server reads it; a 'process' command may too (its URL is at this address).
            info.Environment[BindHostVariable] = address;
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return (info, announcesPort);
    }

    /// <summary>
    /// The apphost when it sits beside the dll (a build or a self-contained publish), else the dll through a dotnet host:
    /// an installed dotnet tool ships no apphost for it, and its shim need not run where dotnet is on PATH.
    /// </summary>
    private static ProcessStartInfo ModelServerStartInfo(string dllPath)
    {
        var apphost = Path.ChangeExtension(dllPath, null);
        if (File.Exists(apphost))
        {
            return new ProcessStartInfo(apphost);
        }

        return new ProcessStartInfo(DotnetHost()) { ArgumentList = { dllPath } };
    }

    // The host that runs this process's runtime (DOTNET_ROOT/shared/Microsoft.NETCore.App/VERSION/ is three levels
    // below it), so the model server runs on the same runtime as RightSize; DOTNET_HOST_PATH wins where the SDK sets it.
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath)
        {
            return hostPath;
        }

        var runtime = new DirectoryInfo(Path.TrimEndingDirectorySeparator(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory()));
        var beside = runtime.Parent?.Parent?.Parent is { } root ? Path.Combine(root.FullName, "dotnet") : null;
        return beside is not null && File.Exists(beside) ? beside : "dotnet";
    }

    // The OS picks a free port; another process could take it before the endpoint binds, which the health check reports.
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Where local endpoints come from and where their pid files go (for reaping after a crash).</summary>
public sealed record LocalProcessOptions
{
    public string ModelServerPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "RightSize.ModelServer.dll");

    /// <summary>Checked before use: a directory owned by this user, mode 0700 (<see cref="StateFolder"/>).</summary>
    public string StateDirectory { get; init; } = StateFolder.Default;

    /// <summary>Where the cgroup hierarchies are mounted; null to limit endpoints by CPU affinity only.</summary>
    public string? CgroupRoot { get; init; } = CgroupReaper.DefaultRoot;

    /// <summary>How many lines of an endpoint's log a FailureReason quotes; 0 withholds them (the server's default: the command is not the caller's).</summary>
    public int LogLinesInReasons { get; init; } = 10;
}
