using System.Globalization;
using System.Text.RegularExpressions;
using RightSize.Endpoints.Cgroups;

namespace RightSize.Endpoints.Docker;

/// <summary>
/// How an endpoint container is run, as SageMaker runs a model container: <c>IMAGE serve</c>, the model read-only at
/// /opt/ml/model, the environment as variables, port 8080 published on 127.0.0.1 only (or the request's bind address), and the instance type's CPU and
/// memory as hard limits, on the cores the load generator does not keep, with its NVIDIA GPUs where it has any.
/// </summary>
internal static partial class DockerContainerSpec
{
    public const string ContainerPort = "8080/tcp";
    public const string ModelMount = "/opt/ml/model";

    private const string Loopback = "127.0.0.1";

    public static ContainerCreate For(EndpointRequest request, string image)
    {
        var environment = new Dictionary<string, string>(request.Environment)
        {
            // Inside the container: all of its interfaces, whatever the model's environment says; the host side is the published port.
            // Our reference server binds to loopback unless told otherwise; other images ignore it.
            [LocalProcessEndpointProvider.BindHostVariable] = "0.0.0.0",
        };

        var memory = request.Resources is { MemoryGiB: > 0 } m ? (long)(m.MemoryGiB * 1024 * 1024 * 1024) : (long?)null;
        return new ContainerCreate
        {
            Image = image,
            Cmd = ["serve"],
            Env = [.. environment.Select(e => $"{e.Key}={e.Value}")],
            Labels = DockerLabels.For(request.EndpointName),
            ExposedPorts = new Dictionary<string, EmptyObject> { [ContainerPort] = new() },
            HostConfig = new HostConfig
            {
                NanoCpus = request.Resources is { VCpus: > 0 } r ? (long)Math.Round(r.VCpus * 1e9) : null,
                CpusetCpus = request.Resources is { VCpus: > 0 } c
                    ? string.Join(',', CoreAllocation.For(c.VCpus, CoreAllocation.HostCores()).EndpointCores.Select(i => i.ToString(CultureInfo.InvariantCulture)))
                    : null,
                DeviceRequests = request.Gpus > 0 ? [new DeviceRequest("nvidia", request.Gpus, [["gpu"]])] : null,
                Memory = memory,
                // Equal to Memory: no swap on top of the limit, as on an instance.
                MemorySwap = memory,
                Binds = request.ModelDirectory is { } dir ? [$"{Path.GetFullPath(dir)}:{ModelMount}:ro"] : null,
                PortBindings = new Dictionary<string, IReadOnlyList<PortBinding>>
                {
                    // An empty host port lets Docker pick a free one, read back by inspecting the container.
                    [ContainerPort] = [new PortBinding(request.BindAddress ?? Loopback, string.Empty)],
                },
            },
        };
    }

    /// <summary>A readable, unique container name: <c>rightsize-ENDPOINT-RANDOM</c> in Docker's name alphabet.</summary>
    public static string NameFor(string endpointName)
    {
        var readable = NotInName().Replace(endpointName, "-");
        readable = readable.Length > 40 ? readable[..40] : readable;
        return string.Create(CultureInfo.InvariantCulture, $"rightsize-{readable}-{Random.Shared.Next():x8}");
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex NotInName();
}
