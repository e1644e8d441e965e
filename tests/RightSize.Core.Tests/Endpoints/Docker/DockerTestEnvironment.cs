using System.Diagnostics;
using RightSize.Endpoints.Docker;

namespace RightSize.Core.Tests.Endpoints.Docker;

/// <summary>
/// The real Docker daemon and the reference model server image the Docker tests need. When the daemon cannot be reached,
/// tests fail with how to start it rather than pass without testing anything; a missing image is built once.
/// </summary>
internal static class DockerTestEnvironment
{
    public const string Image = "rightsize/model-server:test";

    private static readonly Lazy<Task> Ready = new(PrepareAsync);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string DemoModelDirectory => Path.Combine(RepositoryRoot, "src", "RightSize.ModelServer", "DemoModel");

    public static byte[] DemoPayload => File.ReadAllBytes(Path.Combine(DemoModelDirectory, "payloads", "row-1.csv"));

    /// <summary>Ten rows: ten times the model's work for the same HTTP work, so the endpoint's CPU limit is what binds.</summary>
    public static byte[] DemoBatchPayload => File.ReadAllBytes(Path.Combine(DemoModelDirectory, "payloads", "batch-10.csv"));

    /// <summary>A client of the running daemon, with the test image present.</summary>
    public static async Task<DockerEngineClient> ConnectAsync()
    {
        await Ready.Value;
        var connected = await DockerEngineClient.ConnectAsync(new DockerOptions(), CancellationToken.None);
        return connected.Value ?? throw new InvalidOperationException(connected.Error);
    }

    /// <summary>Labels that mark a container as a test's, so a failed test's leftovers are recognisable.</summary>
    public static Dictionary<string, string> TestLabels(string test) => new() { ["rightsize.test"] = test };

    private static async Task PrepareAsync()
    {
        var connected = await DockerEngineClient.ConnectAsync(new DockerOptions(), CancellationToken.None);
        using var docker = connected.Value ?? throw new InvalidOperationException(
            $"The Docker tests need a running dockerd: {connected.Error}. scripts/test.sh installs and starts it.");
        if ((await docker.InspectImageAsync(Image, CancellationToken.None)).Error is null)
        {
            return;
        }

        var script = Path.Combine(RepositoryRoot, "scripts", "docker", "build-model-server-image.sh");
        using var build = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { script, Image }, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({build.ExitCode}):\n{await output}\n{await errors}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RightSize.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no RightSize.slnx above {AppContext.BaseDirectory}");
    }
}
