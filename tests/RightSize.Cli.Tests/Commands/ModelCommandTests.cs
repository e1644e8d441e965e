using System.Diagnostics;
using System.Net;
using System.Text;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands;

/// <summary><c>rightsize model serve</c> is the model server's own command: the same options, values checked the same way.</summary>
public sealed class ModelCommandTests
{
    [Fact]
    public async Task Model_serve_runs_the_synthetic_model_server_with_its_options()
    {
        await using var server = await ModelServerProcess.StartThroughCliAsync("--synthetic", "--slots", "2", "--service-time-ms", "1", "--error-rate", "1");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var ping = await client.GetAsync("ping");
        using var invocation = await client.PostAsync("invocations", new StringContent("1,2,3", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        // --error-rate 1 reached the server: every invocation fails.
        Assert.Equal(HttpStatusCode.InternalServerError, invocation.StatusCode);
    }

    [Fact]
    public async Task A_bad_value_names_the_option_and_exits_2()
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "rightsize"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["model", "serve", "--synthetic", "--slots", "0", "--service-time-ms", "1"])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        try
        {
            var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(2, process.ExitCode);
            Assert.Contains("--slots: '0' is not a slot count", error, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
