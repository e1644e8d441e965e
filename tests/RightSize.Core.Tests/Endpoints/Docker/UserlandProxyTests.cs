using System.Diagnostics;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints.Docker;

namespace RightSize.Core.Tests.Endpoints.Docker;

public sealed class UserlandProxyTests
{
    [Fact]
    public async Task A_docker_proxy_forwarding_the_port_is_found_and_others_are_not()
    {
        // A stand-in with docker-proxy's command line: a script named docker-proxy, given "-host-port PORT", that waits on stdin.
        var dir = Directory.CreateTempSubdirectory("rightsize-proxy-");
        var script = Path.Combine(dir.FullName, "docker-proxy");
        await File.WriteAllTextAsync(script, "read -r _\n");
        using var proxy = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { script, "-host-port", "45678" }, RedirectStandardInput = true })!;
        try
        {
            await Poll.UntilAsync(() => UserlandProxy.Forwards("45678"), TimeSpan.FromSeconds(10), "the stand-in proxy to be seen");
            Assert.False(UserlandProxy.Forwards("4567"));
        }
        finally
        {
            proxy.Kill();
            await proxy.WaitForExitAsync();
            dir.Delete(recursive: true);
        }
    }
}
