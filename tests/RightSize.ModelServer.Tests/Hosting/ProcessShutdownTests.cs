using System.Diagnostics;
using System.Net;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Hosting;

/// <summary>The exe as the core's local-process provider launches it: port from stdout, graceful exit on SIGTERM.</summary>
public sealed class ProcessShutdownTests
{
    [Fact]
    public async Task Exe_prints_its_port_serves_and_exits_0_on_sigterm()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            Path.Combine(AppContext.BaseDirectory, "RightSize.ModelServer.dll"), "serve", "--port", "0",
            "--model-dir", new GoldenCase("binary-logistic").Directory])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("RIGHTSIZE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("Listening on http://127.0.0.1:", line, StringComparison.Ordinal);
            using var client = new HttpClient { BaseAddress = new Uri(line!["Listening on ".Length..]) };
            await WaitForPingAsync(client);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(exited.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", await process.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task WaitForPingAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var ping = await client.GetAsync("/ping");
            if (ping.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the child never answered /ping with 200");
            await Task.Delay(10);
        }
    }
}
