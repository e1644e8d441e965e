using System.Text;
using RightSize.Endpoints.Docker;

namespace RightSize.Core.Tests.Endpoints.Docker;

public sealed class DockerEngineClientTests
{
    [Fact]
    public async Task Container_round_trip_create_start_inspect_logs_stats_stop_remove()
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();
        Assert.Matches(@"^1\.\d+$", docker.ApiVersion);
        var spec = new ContainerCreate
        {
            Image = DockerTestEnvironment.Image,
            Cmd = ["serve"],
            Env = ["RIGHTSIZE_BIND_HOST=0.0.0.0", "ROUND_TRIP=yes"],
            Labels = DockerTestEnvironment.TestLabels(nameof(Container_round_trip_create_start_inspect_logs_stats_stop_remove)),
            ExposedPorts = new Dictionary<string, EmptyObject> { ["8080/tcp"] = new() },
            HostConfig = new HostConfig
            {
                NanoCpus = 500_000_000,
                Memory = 256L << 20,
                Binds = [$"{DockerTestEnvironment.DemoModelDirectory}:/opt/ml/model:ro"],
                PortBindings = new Dictionary<string, IReadOnlyList<PortBinding>> { ["8080/tcp"] = [new PortBinding("127.0.0.1", "")] },
            },
        };
        var created = await docker.CreateContainerAsync($"rightsize-test-{Guid.NewGuid():N}", spec, CancellationToken.None);
        var id = created.Value?.Id ?? throw new InvalidOperationException(created.Error);
        try
        {
            Assert.Null(await docker.StartContainerAsync(id, CancellationToken.None));
            var inspect = (await docker.InspectContainerAsync(id, CancellationToken.None)).Value!;
            Assert.True(inspect.State.Running);
            Assert.Equal(500_000_000, inspect.HostConfig.NanoCpus);
            Assert.Contains("ROUND_TRIP=yes", inspect.Config.Env!);
            var binding = Assert.Single(inspect.NetworkSettings.Ports!["8080/tcp"]!);
            Assert.Equal("127.0.0.1", binding.HostIp);

            using var http = new HttpClient();
            var ping = new Uri($"http://127.0.0.1:{binding.HostPort}/ping");
            await PollAsync(async () => (await TryGetAsync(http, ping)) == 200, "the container's /ping to answer 200");
            using var content = new ByteArrayContent(DockerTestEnvironment.DemoPayload);
            content.Headers.ContentType = new("text/csv");
            using var invocation = await http.PostAsync(new Uri($"http://127.0.0.1:{binding.HostPort}/invocations"), content);
            Assert.True(invocation.IsSuccessStatusCode, await invocation.Content.ReadAsStringAsync());

            var logs = await docker.LogsAsync(id, 10, CancellationToken.None);
            Assert.Contains(logs.Value!, l => l.StartsWith("Listening on http://0.0.0.0:8080", StringComparison.Ordinal));
            var stats = (await docker.StatsAsync(id, CancellationToken.None)).Value!;
            Assert.True(stats.CpuStats!.CpuUsage!.TotalUsage > 0);
            Assert.Equal(256UL << 20, stats.MemoryStats!.Limit);

            var labelled = await docker.ListContainersAsync("rightsize.test", CancellationToken.None);
            Assert.Contains(labelled.Value!, c => c.Id == id);
            Assert.Null(await docker.StopContainerAsync(id, TimeSpan.FromSeconds(2), CancellationToken.None));
            var exited = await docker.WaitAsync(id, CancellationToken.None);
            Assert.NotNull(exited.Value);
            Assert.False((await docker.InspectContainerAsync(id, CancellationToken.None)).Value!.State.Running);
        }
        finally
        {
            Assert.Null(await docker.RemoveContainerAsync(id, CancellationToken.None));
        }

        var gone = await docker.InspectContainerAsync(id, CancellationToken.None);
        Assert.Contains("No such container", gone.Error ?? "(no error)");
        Assert.Null(await docker.RemoveContainerAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_image_is_a_clear_error()
    {
        using var docker = await DockerTestEnvironment.ConnectAsync();

        var missing = await docker.InspectImageAsync("rightsize/no-such-image:1", CancellationToken.None);

        Assert.Null(missing.Value);
        Assert.StartsWith("image rightsize/no-such-image:1 not found locally; no registry is reachable: build or import it", missing.Error);
    }

    [Fact]
    public async Task An_unreachable_daemon_is_a_clear_error()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"rightsize-no-docker-{Guid.NewGuid():N}.sock");

        var connected = await DockerEngineClient.ConnectAsync(new DockerOptions { Host = "unix://" + socket }, CancellationToken.None);

        Assert.Null(connected.Value);
        Assert.StartsWith($"cannot reach the Docker daemon at {socket}", connected.Error);
        Assert.Contains("start dockerd", connected.Error);
    }

    [Fact]
    public void Multiplexed_log_frames_are_joined_into_lines()
    {
        static byte[] Frame(byte stream, string text)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            return [stream, 0, 0, 0, 0, 0, (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];
        }

        byte[] body = [.. Frame(1, "starting\nhalf "), .. Frame(2, "line\r\n"), .. Frame(1, "last")];

        Assert.Equal(["starting", "half line", "last"], DockerLogStream.Lines(body));
        Assert.Equal(["raw tty", "output"], DockerLogStream.Lines(Encoding.UTF8.GetBytes("raw tty\noutput\n")));
    }

    private static async Task<int> TryGetAsync(HttpClient http, Uri url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static async Task PollAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
