using RightSize.Server.Security;

namespace RightSize.Server.Tests.Infrastructure;

/// <summary>A real server on 127.0.0.1 (port 0) with its own temp folder for workspace, data and endpoint pid files.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(string folder, RunningServer server)
    {
        Folder = folder;
        Server = server;
    }

    public string Folder { get; }

    public RunningServer Server { get; }

    public Uri Address => Server.Address;

    public string Url => Address.ToString().TrimEnd('/');

    /// <summary>The dashboard's address (its own port).</summary>
    public Uri Dashboard => Server.DashboardAddress ?? throw new InvalidOperationException("the dashboard is turned off");

    public static string NewFolder(string? workspace = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rightsize-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "rightsize.json"), workspace ?? TestJobs.Workspace);
        return folder;
    }

    /// <param name="prepare">Runs on the data folder before the server starts (to seed a store).</param>
    /// <param name="workspace">The workspace file's text (default <see cref="TestJobs.Workspace"/>).</param>
    public static async Task<TestServer> StartAsync(
        Func<ServerOptions, ServerOptions>? configure = null, IReadOnlyList<AccessKey>? keys = null, Func<string, Task>? prepare = null, string? workspace = null)
    {
        var folder = NewFolder(workspace);
        if (prepare is not null)
        {
            await prepare(Path.Combine(folder, "data"));
        }

        var options = new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            WorkingDirectory = folder,
            DataDirectory = Path.Combine(folder, "data"),
            WorkspacePath = Path.Combine(folder, "rightsize.json"),
            EndpointStateDirectory = Path.Combine(folder, "endpoints"),
            RelaxedValidation = true,
            AccessKeys = keys ?? [],
        };
        var started = await ServerHost.StartAsync(configure?.Invoke(options) ?? options);
        if (!started.Succeeded)
        {
            DeleteFolder(folder);
            throw new InvalidOperationException(string.Join("; ", started.Errors));
        }

        return new TestServer(folder, started.Value);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        DeleteFolder(Folder);
    }

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // An endpoint process may hold a file for a moment after it exits; the OS cleans temp.
        }
    }
}
