using System.Globalization;
using System.Text;
using RightSize.Endpoints;
using RightSize.Load;
using RightSize.Models;

namespace RightSize.Cli.Tests.Endpoints;

/// <summary>Starts real local endpoints (the reference model server, or a command) through the real provider.</summary>
internal sealed class LocalEndpoints : IDisposable
{
    public const string CgroupRoot = "/sys/fs/cgroup";
    private const string Prefix = "rightsize";

    /// <summary>
    /// A CPU-bound model: a Python server (the container contract on SAGEMAKER_BIND_TO_PORT) that spins about 20 ms of
    /// CPU per invocation. Python's lock keeps it on one core at most, which is all the tests give it.
    /// </summary>
    public const string CpuBurner = """
        exec python3 -c '
        import http.server, os, time
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True
            def log_message(self, *a): pass
            def do_GET(self):
                self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                end = time.thread_time() + 0.02
                while time.thread_time() < end: pass
                self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
        http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["SAGEMAKER_BIND_TO_PORT"])), H).serve_forever()
        '
        """;

    public LocalEndpoints(Payload? probe = null, string? cgroupRoot = CgroupRoot)
    {
        Options = new LocalProcessOptions { StateDirectory = StateDirectory, CgroupRoot = cgroupRoot };
        Provider = new LocalProcessEndpointProvider(Options, Http, probe ?? new Payload(Encoding.UTF8.GetBytes("1,2,3"), "text/csv"), TimeProvider.System);
    }

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), "rightsize-endpoint-tests", Guid.NewGuid().ToString("N"));

    public LocalProcessOptions Options { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public LocalProcessEndpointProvider Provider { get; }

    public static EndpointRequest Synthetic(string name, double vcpus = 1, double memoryGiB = 1) => new()
    {
        EndpointName = name,
        Model = new CreateModelRequest { ModelName = "synthetic", PrimaryContainer = new ContainerDefinition { Image = LocalProcessEndpointProvider.BuiltinSynthetic } },
        Environment = new Dictionary<string, string> { ["RIGHTSIZE_SYNTHETIC_SLOTS"] = "4", ["RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS"] = "5" },
        Resources = new EndpointResources(vcpus, memoryGiB),
        SetupDeadline = TimeSpan.FromSeconds(60),
    };

    public static EndpointRequest Command(string name, string command, TimeSpan? setupDeadline = null, double vcpus = 1) => Synthetic(name, vcpus) with
    {
        Model = new CreateModelRequest { ModelName = "command", PrimaryContainer = new ContainerDefinition { Image = LocalProcessEndpointProvider.ProcessImage } },
        Environment = new Dictionary<string, string> { [LocalProcessEndpointProvider.CommandVariable] = command },
        SetupDeadline = setupDeadline ?? TimeSpan.FromSeconds(30),
    };

    /// <summary>The cgroup named in the endpoint's "limits enforced" warning.</summary>
    public static string CgroupNameOf(IEndpoint endpoint)
    {
        var warning = endpoint.Caveats.Single(w => w.Detail.StartsWith("limits enforced by cgroup", StringComparison.Ordinal)).Detail;
        var start = warning.IndexOf(Prefix + "/", StringComparison.Ordinal) + Prefix.Length + 1;
        return warning[start..warning.IndexOf(':', start)];
    }

    /// <summary>The cgroup's folders in the v1 hierarchies (cpu, cpuacct, cpuset, memory) or the v2 one.</summary>
    public static IReadOnlyList<string> CgroupDirectories(string name) =>
        File.Exists(Path.Combine(CgroupRoot, "cgroup.controllers"))
            ? [Path.Combine(CgroupRoot, Prefix, name)]
            : [.. ((string[])["cpu", "cpuacct", "cpuset", "memory"]).Select(c => Path.Combine(CgroupRoot, c, Prefix, name))];

    public static IReadOnlyList<int> PidsIn(string cgroupName)
    {
        var procs = Path.Combine(CgroupDirectories(cgroupName)[0], "cgroup.procs");
        return File.Exists(procs)
            ? [.. File.ReadAllLines(procs).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))]
            : [];
    }

    /// <summary>RightSize's cgroups whose owner (by name) is <paramref name="ownerPid"/>.</summary>
    public static IReadOnlyList<string> CgroupsOwnedBy(int ownerPid)
    {
        var parent = CgroupDirectories("x")[0];
        parent = Path.GetDirectoryName(parent)!;
        return Directory.Exists(parent)
            ? [.. Directory.EnumerateDirectories(parent).Select(Path.GetFileName).OfType<string>()
                .Where(n => n.Split('.') is [_, _, var pid, _] && pid == ownerPid.ToString(CultureInfo.InvariantCulture))]
            : [];
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Already gone.
        }
    }
}
