using System.Diagnostics;
using System.Net;
using System.Text;
using RightSize.Server.Security;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Security;

/// <summary>Nothing listens beyond loopback without keys, whatever configures Kestrel; only requests meant for this server are answered.</summary>
public sealed class BindingTests
{
    [Theory]
    [InlineData("Kestrel__Endpoints__open__Url", null)]
    [InlineData("ASPNETCORE_Kestrel__Endpoints__open__Url", null)]
    [InlineData(null, """{"Kestrel": {"Endpoints": {"open": {"Url": "http://0.0.0.0:0"}}}}""")]
    public async Task Kestrel_configuration_cannot_open_a_non_loopback_port_without_keys(string? variable, string? appsettings)
    {
        var folder = TestServer.NewFolder();
        try
        {
            if (appsettings is not null)
            {
                File.WriteAllText(Path.Combine(folder, "appsettings.json"), appsettings);
            }

            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rightsize.dll"), "serve", "--urls", "http://127.0.0.1:0", "--data", Path.Combine(folder, "data") })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment.Remove(AccessKeyFile.KeyIdVariable);
            if (variable is not null)
            {
                start.Environment[variable] = "http://0.0.0.0:0";
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            Assert.Equal(2, process.ExitCode);
            Assert.Contains("the server bound 'http://0.0.0.0:", await output, StringComparison.Ordinal);
        }
        finally
        {
            TestServer.DeleteFolder(folder);
        }
    }

    [Fact]
    public async Task Foreign_Host_and_Origin_headers_are_refused_so_DNS_rebinding_fails()
    {
        await using var server = await TestServer.StartAsync(o => o with { AllowedHosts = ["rightsize.internal"] });
        using var http = new HttpClient { BaseAddress = server.Address };
        var port = server.Address.Port;

        Assert.Equal(HttpStatusCode.OK, await ListModelsAsync(http, $"127.0.0.1:{port}", null));
        Assert.Equal(HttpStatusCode.OK, await ListModelsAsync(http, $"localhost:{port}", $"http://localhost:{port}"));
        Assert.Equal(HttpStatusCode.OK, await ListModelsAsync(http, $"rightsize.internal:{port}", null));

        // A page on attacker.example whose name was rebound to 127.0.0.1 sends its own name as Host.
        Assert.Equal(HttpStatusCode.MisdirectedRequest, await ListModelsAsync(http, $"attacker.example:{port}", null));
        Assert.Equal(HttpStatusCode.MisdirectedRequest, await ListModelsAsync(http, "10.1.2.3", null));
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/jobs") { Headers = { Host = "attacker.example" } };
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await http.SendAsync(read)).StatusCode);

        // A cross-site write from a browser carries the page's Origin.
        Assert.Equal(HttpStatusCode.Forbidden, await ListModelsAsync(http, $"127.0.0.1:{port}", "http://attacker.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await ListModelsAsync(http, $"127.0.0.1:{port}", "null"));
    }

    [Fact]
    public async Task An_IPv4_mapped_loopback_URL_is_a_clear_error_naming_the_fix()
    {
        var started = await ServerHost.StartAsync(new ServerOptions { Urls = "http://[::ffff:127.0.0.1]:18093", WorkingDirectory = Path.GetTempPath(), DataDirectory = "unused-never-created" });
        Assert.False(started.Succeeded);
        var error = Assert.Single(started.Errors);
        Assert.Equal("--urls", error.Path);
        Assert.Contains("use http://127.0.0.1:18093", error.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> ListModelsAsync(HttpClient http, string host, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}", Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "SageMaker.ListModels");
        request.Headers.Host = host;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
