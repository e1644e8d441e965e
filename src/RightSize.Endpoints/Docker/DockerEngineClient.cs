using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace RightSize.Endpoints.Docker;

/// <summary>
/// A small typed client of the Docker Engine API over its unix socket: the operations RightSize needs to run, watch and
/// remove endpoint containers. Failures the user can fix (no daemon, no image, a refused request) are values.
/// </summary>
internal sealed partial class DockerEngineClient : IDisposable
{
    private const string UnixScheme = "unix://";

    // The oldest API with everything used here (one-shot stats) and the newest this client was checked against; the
    // daemon's own version is used when it falls in between, so both older and newer daemons answer.
    private static readonly Version OldestApi = new(1, 41);
    private static readonly Version NewestApi = new(1, 47);

    private readonly HttpClient _http;
    private readonly DockerOptions _options;
    private readonly string _socketPath;
    private string _prefix = string.Empty;

    private DockerEngineClient(string socketPath, DockerOptions options)
    {
        _socketPath = socketPath;
        _options = options;
        var handler = new SocketsHttpHandler { ConnectCallback = ConnectAsync };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The API version in use, e.g. <c>1.41</c>.</summary>
    public string ApiVersion { get; private set; } = string.Empty;

    /// <summary>Asks the daemon its version and settles on an API version both sides speak.</summary>
    public static async Task<DockerResult<DockerEngineClient>> ConnectAsync(DockerOptions options, CancellationToken cancellationToken)
    {
        if (!options.Host.StartsWith(UnixScheme, StringComparison.Ordinal))
        {
            return DockerResult<DockerEngineClient>.Fail(
                $"DOCKER_HOST={options.Host} is not supported: RightSize reaches the Docker daemon through a unix socket, e.g. {DockerOptions.DefaultHost}");
        }

        var client = new DockerEngineClient(options.Host[UnixScheme.Length..], options);
        var version = (await client.SendAsync(HttpMethod.Get, "version", null, cancellationToken))
            .Read(DockerJsonContext.Default.DockerVersion, "ask the Docker daemon its version");
        if (version.Value is not { } v || Negotiate(v) is not { } api)
        {
            client.Dispose();
            return DockerResult<DockerEngineClient>.Fail(version.Error
                ?? $"the Docker daemon {version.Value!.Version} speaks API {version.Value.MinAPIVersion} to {version.Value.ApiVersion}; RightSize needs one of {OldestApi} to {NewestApi}: upgrade Docker");
        }

        client.ApiVersion = api.ToString();
        client._prefix = $"v{client.ApiVersion}/";
        return DockerResult<DockerEngineClient>.Ok(client);
    }

    public async Task<DockerResult<ImageInspect>> InspectImageAsync(string image, CancellationToken cancellationToken)
    {
        if (!ImageReference().IsMatch(image))
        {
            return DockerResult<ImageInspect>.Fail($"'{image}' is not a Docker image reference (NAME[:TAG] or NAME@DIGEST)");
        }

        var response = await SendAsync(HttpMethod.Get, $"images/{image}/json", null, cancellationToken);
        return response.Status == HttpStatusCode.NotFound && response.Failure is null
            ? DockerResult<ImageInspect>.Fail(
                $"image {image} not found locally; no registry is reachable: build or import it, e.g. `docker build -t {image} .` "
                + $"or `docker import rootfs.tar {image}` (the reference model server: scripts/docker/build-model-server-image.sh)")
            : response.Read(DockerJsonContext.Default.ImageInspect, $"inspect image {image}");
    }

    public async Task<DockerResult<ContainerCreateResponse>> CreateContainerAsync(string name, ContainerCreate spec, CancellationToken cancellationToken)
    {
        using var body = JsonContent.Create(spec, DockerJsonContext.Default.ContainerCreate);
        return (await SendAsync(HttpMethod.Post, $"containers/create?name={Uri.EscapeDataString(name)}", body, cancellationToken))
            .Read(DockerJsonContext.Default.ContainerCreateResponse, $"create container from {spec.Image}");
    }

    public async Task<string?> StartContainerAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, $"containers/{id}/start", null, cancellationToken)).Check($"start container {Short(id)}");

    public async Task<DockerResult<ContainerInspect>> InspectContainerAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"containers/{id}/json", null, cancellationToken))
            .Read(DockerJsonContext.Default.ContainerInspect, $"inspect container {Short(id)}");

    /// <summary>The last <paramref name="lines"/> lines of the container's stdout and stderr, interleaved as written.</summary>
    public async Task<DockerResult<IReadOnlyList<string>>> LogsAsync(string id, int lines, CancellationToken cancellationToken)
    {
        var response = await SendAsync(
            HttpMethod.Get, FormattableString.Invariant($"containers/{id}/logs?stdout=true&stderr=true&tail={lines}"), null, cancellationToken);
        return response.Check($"read the log of container {Short(id)}") is { } error
            ? DockerResult<IReadOnlyList<string>>.Fail(error)
            : DockerResult<IReadOnlyList<string>>.Ok(DockerLogStream.Lines(response.Body));
    }

    /// <summary>One sample of the container's counters, without the daemon's one-second wait for a second sample.</summary>
    public async Task<DockerResult<ContainerStats>> StatsAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"containers/{id}/stats?stream=false&one-shot=true", null, cancellationToken))
            .Read(DockerJsonContext.Default.ContainerStats, $"read the stats of container {Short(id)}");

    /// <summary>Completes when the container stops running (at once if it is not running), with its exit code.</summary>
    public async Task<DockerResult<ContainerWaitResponse>> WaitAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, $"containers/{id}/wait", null, cancellationToken, untimed: true))
            .Read(DockerJsonContext.Default.ContainerWaitResponse, $"wait for container {Short(id)}");

    /// <summary>SIGTERM, then SIGKILL after <paramref name="timeout"/>. A container that is already stopped or gone is fine.</summary>
    public async Task<string?> StopContainerAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(timeout.TotalSeconds);
        var response = await SendAsync(HttpMethod.Post, FormattableString.Invariant($"containers/{id}/stop?t={seconds}"), null, cancellationToken);
        return response.Status is HttpStatusCode.NotModified or HttpStatusCode.NotFound && response.Failure is null
            ? null
            : response.Check($"stop container {Short(id)}");
    }

    /// <summary>Removes the container (killing it if it runs) and its anonymous volumes. One that is gone is fine.</summary>
    public async Task<string?> RemoveContainerAsync(string id, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Delete, $"containers/{id}?force=true&v=true", null, cancellationToken);
        return response.Status == HttpStatusCode.NotFound && response.Failure is null ? null : response.Check($"remove container {Short(id)}");
    }

    /// <summary>Every container, running or not, carrying <paramref name="label"/> (<c>key</c> or <c>key=value</c>).</summary>
    public async Task<DockerResult<List<ContainerSummary>>> ListContainersAsync(string label, CancellationToken cancellationToken)
    {
        var filters = JsonSerializer.Serialize(
            new Dictionary<string, List<string>> { ["label"] = [label] }, DockerJsonContext.Default.DictionaryStringListString);
        return (await SendAsync(HttpMethod.Get, $"containers/json?all=true&filters={Uri.EscapeDataString(filters)}", null, cancellationToken))
            .Read(DockerJsonContext.Default.ListContainerSummary, $"list containers labelled {label}");
    }

    public void Dispose() => _http.Dispose();

    internal static string Short(string id) => id.Length > 12 ? id[..12] : id;

    private static Version? Negotiate(DockerVersion daemon)
    {
        if (!Version.TryParse(daemon.ApiVersion, out var newest) || !Version.TryParse(daemon.MinAPIVersion, out var oldest))
        {
            return null;
        }

        var chosen = newest < NewestApi ? newest : NewestApi;
        return chosen >= OldestApi && chosen >= oldest ? chosen : null;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(_socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<DockerResponse> SendAsync(
        HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, bool untimed = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!untimed)
        {
            timeout.CancelAfter(_options.RequestTimeout);
        }

        using var request = new HttpRequestMessage(method, _prefix + path) { Content = content };
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return new DockerResponse(response.StatusCode, body, null);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            var why = e.InnerException is SocketException { SocketErrorCode: SocketError.AccessDenied }
                ? "permission denied: run RightSize as root or as a member of the docker group"
                : "start dockerd, e.g. `sudo dockerd > /var/log/dockerd.log 2>&1 &` or `sudo systemctl start docker`";
            return DockerResponse.Failed($"cannot reach the Docker daemon at {_socketPath} ({e.InnerException?.Message ?? e.Message}): {why}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return DockerResponse.Failed($"the Docker daemon at {_socketPath} broke off {method} /{path}: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DockerResponse.Failed(FormattableString.Invariant(
                $"the Docker daemon at {_socketPath} did not answer {method} /{path} within {_options.RequestTimeout.TotalSeconds:0} s"));
        }
    }

    // Docker's reference grammar, loosely: what may appear in a name, tag or digest, so an image goes into a URL path as is.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/:@-]*$")]
    private static partial Regex ImageReference();

    /// <summary>The daemon's answer, or (in <see cref="Failure"/>) why there was none.</summary>
    private sealed record DockerResponse(HttpStatusCode Status, byte[] Body, string? Failure)
    {
        public static DockerResponse Failed(string failure) => new(0, [], failure);

        /// <summary>Null on 2xx; else the daemon's own message, which says what was wrong (no such container, bad option ...).</summary>
        public string? Check(string what) =>
            Failure ?? ((int)Status is >= 200 and < 300 ? null : string.Create(CultureInfo.InvariantCulture, $"could not {what}: {DaemonMessage()} (HTTP {(int)Status})"));

        public DockerResult<T> Read<T>(JsonTypeInfo<T> type, string what)
            where T : class => Check(what) is { } error
            ? DockerResult<T>.Fail(error)
            : DockerResult<T>.Ok(JsonSerializer.Deserialize(Body, type) ?? throw new JsonException($"{what}: the Docker daemon answered null"));

        private string DaemonMessage()
        {
            try
            {
                return JsonSerializer.Deserialize(Body, DockerJsonContext.Default.DockerError)?.Message ?? "no message";
            }
            catch (JsonException)
            {
                return System.Text.Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 300))).Trim();
            }
        }
    }
}
